import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, subtractPeriod } from '../../shared/units/time';
import {
  cardBalances,
  cards,
  cardTierChanges,
  customers,
  notificationsOutbox,
  rewardPoints,
  tiers,
  webhookDeliveries,
} from '../../sync-server/src/db/schema';
import {
  writeBalanceUpdates,
  writeExpiryWarnings,
} from '../../sync-server/src/notifications/notices';
import {
  writeTierExpiryWarnings,
  writeTierNotices,
} from '../../sync-server/src/notifications/tierNotices';
import { renderMessage, type OutboxMessage } from '../../sync-server/src/notifications/sender';
import {
  deliverWebhooks,
  signatureOf,
  WEBHOOK_ABANDONED,
} from '../../sync-server/src/notifications/webhooks';
import { applyTierChanges } from '../../sync-server/src/tiers/evaluate';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { earnOnline, seedBasics } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

const YEAR = { value: 1, unit: 'year' } as const;
const SECRET = 'a-secret-of-the-retailer';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The retailer's endpoint: answers with the next status of `script` (then 200), keeps what came. */
async function endpoint(): Promise<{
  url: string;
  received: Received[];
  script: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.statusCode = script.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/loyalty`,
    received,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The receiver's check, written here from the header's documented form (not with the sender's
 * code): `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the shared secret.
 */
function receiverAccepts(secret: string, body: string, header: string): boolean {
  const parts = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!parts) return false;
  const expected = createHmac('sha256', secret).update(`${parts[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts[2] ?? '', 'hex'));
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`notices by language and webhook (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let hook: Awaited<ReturnType<typeof endpoint>>;
    const now = new Date(TEST_START);

    const earn = (card: string, points: number, at: number) =>
      earnOnline(server.database, card, points, at);
    const outbox = () => server.database.db.select().from(notificationsOutbox);
    const asMessage = (row: typeof notificationsOutbox.$inferSelect): OutboxMessage => ({
      id: row.id,
      kind: row.kind,
      customerId: row.customerId,
      cardNumber: row.cardNumber,
      payload: row.payload as Record<string, unknown>,
    });

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      hook = await endpoint();
      await seedBasics(server.database);
      const subscribed = { notifyBalanceUpdates: true, notifyExpiryWarnings: true };
      await server.database.db.insert(customers).values([
        { id: 'NL', name: 'Noor', email: 'noor@example.nl', language: 'nl', ...subscribed },
        { id: 'FR', name: 'Félix', email: 'felix@example.fr', language: 'fr', ...subscribed },
      ]);
      await server.database.db.insert(cards).values([
        { number: '9100000001', customerId: 'NL', programId: 'MAIN', enrolmentSource: 'api' },
        { number: '9100000002', customerId: 'FR', programId: 'MAIN', enrolmentSource: 'api' },
      ]);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await hook?.close();
      await server?.close();
      await backend?.remove();
    });

    beforeEach(() => {
      hook.received.length = 0;
      hook.script.length = 0;
    });

    it("warns within each reward point's own warning period, in the customer's language", async () => {
      // Expiring in 20 days: outside the 14-day default, inside STAR's own 30 days.
      const in20Days = subtractPeriod(TEST_START, YEAR) + 20 * DAY_MS;
      await earn('9100000001', 120, in20Days);
      await earn('9100000002', 1, in20Days);
      expect(await writeExpiryWarnings(server.database, now, 14)).toBe(0);
      await server.database.db
        .update(rewardPoints)
        .set({ expiryWarningDays: 30 })
        .where(eq(rewardPoints.id, 'STAR'));
      expect(await writeExpiryWarnings(server.database, now, 14)).toBe(2);

      const [dutch, french] = (await outbox())
        .filter((n) => n.kind === 'expiryWarning')
        .sort((a, b) => (a.cardNumber ?? '').localeCompare(b.cardNumber ?? ''))
        .map((row) => renderMessage(asMessage(row)));
      expect(dutch?.to).toBe('noor@example.nl');
      expect(dutch?.subject).toMatch(/^120 STAR-punten vervallen op \d+ \w+ \d{4}$/);
      expect(dutch?.text).toMatch(/^Beste Noor,\n\n120 STAR-punten op kaart 9100000001/);
      // One point: the French singular.
      expect(french?.subject).toMatch(/^1 point STAR expire le \d+ \S+ \d{4}$/);
      expect(french?.text).toContain('Utilisez-le');
    });

    it("writes a tier change notice with the tiers' names, once per change", async () => {
      const until = new Date(TEST_START + 365 * DAY_MS);
      const change = { cardNumber: '9100000001', tier: 'GOLD', validUntil: until };
      await server.database.transaction((tx) => applyTierChanges(tx, [change], now));
      // The same standing again is no change.
      await server.database.transaction((tx) => applyTierChanges(tx, [change], now));
      expect(await writeTierNotices(server.database, now)).toBe(1);
      expect(await writeTierNotices(server.database, now)).toBe(0);
      const notices = (await outbox()).filter((n) => n.kind === 'tierChanged');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.payload).toMatchObject({ tier: 'GOLD', tierName: 'Gold', previous: null });
      const letter = renderMessage(asMessage(notices[0] as (typeof notices)[number]));
      expect(letter.subject).toBe('Uw niveau is nu Gold');
      expect(letter.text).toMatch(/Kaart 9100000001 heeft nu niveau Gold \(was geen\), tot /);
    });

    it('sends each notice to the webhook once, signed, after the endpoint was down', async () => {
      const notices = await outbox();
      // Down for the first event's first try and its one retry in the run: given back for later.
      hook.script.push(503, 503);
      const first = await deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now, {
        retryDelaysMs: [10],
      });
      expect(first).toEqual({ sent: notices.length - 1, failed: 0, postponed: 1, abandoned: 0 });
      const again = await deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now);
      expect(again.sent).toBe(0);
      // Due again after its backoff.
      const later = new Date(TEST_START + 2 * 60_000);
      const retried = await deliverWebhooks(
        server.database,
        { url: hook.url, secret: SECRET },
        later,
      );
      expect(retried).toEqual({ sent: 1, failed: 0, postponed: 0, abandoned: 0 });

      const ids = new Set<string>();
      for (const { headers, body } of hook.received) {
        const signature = String(headers['loyalty-signature']);
        expect(receiverAccepts(SECRET, body, signature)).toBe(true);
        // The same header does not vouch for another body.
        expect(receiverAccepts(SECRET, body.replace('"id":"', '"id":"x'), signature)).toBe(false);
        const event = JSON.parse(body) as { id: string; type: string; data: object };
        expect(headers['loyalty-event-id']).toBe(event.id);
        ids.add(event.id);
      }
      // Every notice reached the endpoint; only the refused tries were repeated.
      expect([...ids].sort()).toEqual(notices.map((n) => n.id).sort());
      expect(hook.received).toHaveLength(notices.length + 2);
      const types = hook.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
      expect(new Set(types)).toEqual(new Set(['points.expiring', 'tier.changed']));
      // What a receiver must turn away: an event signed by a sender that lacks the secret.
      await server.database.transaction((tx) =>
        applyTierChanges(tx, [{ cardNumber: '9100000001', tier: 'BASE', validUntil: null }], now),
      );
      expect(await writeTierNotices(server.database, now)).toBe(1);
      const forger = { url: hook.url, secret: 'another-secret-entirely' };
      expect((await deliverWebhooks(server.database, forger, now)).sent).toBe(1);
      const forged = hook.received.at(-1);
      expect(
        receiverAccepts(SECRET, forged?.body ?? '', String(forged?.headers['loyalty-signature'])),
      ).toBe(false);
      const t = Number(/t=(\d+)/.exec(String(forged?.headers['loyalty-signature']))?.[1]);
      expect(signatureOf(SECRET, forged?.body ?? '', t)).not.toBe(
        forged?.headers['loyalty-signature'],
      );
    });

    it('queues a webhook delivery with each notice it writes, and sends only queued ones', async () => {
      const pending = () =>
        server.database.db.select().from(webhookDeliveries).where(isNull(webhookDeliveries.sentAt));
      const before = (await pending()).length;
      await server.database.transaction((tx) =>
        applyTierChanges(tx, [{ cardNumber: '9100000001', tier: 'GOLD', validUntil: null }], now),
      );
      expect(await writeTierNotices(server.database, now)).toBe(1);
      expect(await pending()).toHaveLength(before + 1);
      // A row written to the outbox without its delivery (not through the writers) is not sent:
      // the run reads deliveries, not the outbox.
      await server.database.db.insert(notificationsOutbox).values({
        kind: 'tierChanged',
        customerId: 'NL',
        cardNumber: '9100000001',
        dedupeKey: 'written-by-hand',
        payload: {},
      });
      hook.received.length = 0;
      const report = await deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now);
      expect(report.sent).toBe(before + 1);
      expect(
        hook.received.map((r) => (JSON.parse(r.body) as { data: object }).data),
      ).not.toContainEqual({});
    });

    it('notices each tier change once and reads no change twice', async () => {
      await server.database.transaction((tx) =>
        applyTierChanges(
          tx,
          [
            { cardNumber: '9100000001', tier: 'BASE', validUntil: null },
            { cardNumber: '9100000002', tier: 'BASE', validUntil: null },
          ],
          now,
        ),
      );
      expect(await writeTierNotices(server.database, now)).toBe(2);
      const due = await server.database.db
        .select()
        .from(cardTierChanges)
        .where(isNull(cardTierChanges.noticeWrittenAt));
      expect(due).toEqual([]);
      expect(await writeTierNotices(server.database, now)).toBe(0);
      const hooks = await deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now);
      expect(hooks.sent).toBe(2);
    });

    it('sets aside an event the endpoint refuses, and never resends a claim left by a crash', async () => {
      await server.database.transaction((tx) =>
        applyTierChanges(tx, [{ cardNumber: '9100000002', tier: 'GOLD', validUntil: null }], now),
      );
      expect(await writeTierNotices(server.database, now)).toBe(1);
      hook.script.push(400);
      const refused = await deliverWebhooks(
        server.database,
        { url: hook.url, secret: SECRET },
        now,
      );
      expect(refused).toEqual({ sent: 0, failed: 1, postponed: 0, abandoned: 0 });
      const [row] = await server.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.error, 'webhook: the endpoint refused the event: 400'));
      expect(row?.sentAt).toBeNull();

      // A run that claimed an event and stopped before it knew the answer.
      await server.database.transaction((tx) =>
        applyTierChanges(tx, [{ cardNumber: '9100000002', tier: 'BASE', validUntil: null }], now),
      );
      expect(await writeTierNotices(server.database, now)).toBe(1);
      // Its delivery row, queued with it, claimed an hour ago and never answered.
      const [orphan] = await server.database.db
        .update(webhookDeliveries)
        .set({ claimedAt: new Date(TEST_START - 3_600_000) })
        .where(and(isNull(webhookDeliveries.sentAt), isNull(webhookDeliveries.error)))
        .returning();
      expect(orphan).toBeDefined();
      const before = hook.received.length;
      const report = await deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now);
      expect(report).toEqual({ sent: 0, failed: 0, postponed: 0, abandoned: 1 });
      expect(hook.received).toHaveLength(before);
      const [abandoned] = await server.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.notificationId, orphan?.notificationId ?? ''));
      expect(abandoned?.error).toBe(WEBHOOK_ABANDONED);
    });

    it("warns before a card's tier stay ends, within the tier's own warning period", async () => {
      const until = new Date(TEST_START + 10 * DAY_MS);
      await server.database.db
        .update(cards)
        .set({ tierId: 'GOLD', tierValidUntil: until })
        .where(eq(cards.number, '9100000001'));
      await server.database.db
        .update(tiers)
        .set({ expiryWarningDays: 5 })
        .where(eq(tiers.id, 'GOLD'));
      // Ten days off: outside GOLD's five days, though inside the default fourteen.
      expect(await writeTierExpiryWarnings(server.database, now, 14)).toBe(0);
      await server.database.db
        .update(tiers)
        .set({ expiryWarningDays: null })
        .where(eq(tiers.id, 'GOLD'));
      expect(await writeTierExpiryWarnings(server.database, now, 14)).toBe(1);
      expect(await writeTierExpiryWarnings(server.database, now, 14)).toBe(0);
      const [notice] = (await outbox()).filter((n) => n.kind === 'tierExpiring');
      expect(notice?.payload).toMatchObject({ card: '9100000001', tier: 'GOLD', tierName: 'Gold' });
      const letter = renderMessage(asMessage(notice as NonNullable<typeof notice>));
      expect(letter.subject).toMatch(/^Uw niveau Gold loopt tot \d+ \w+ \d{4}$/);
      expect(letter.text).toContain('Kaart 9100000001 houdt niveau Gold tot');
      const [delivery] = await server.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.notificationId, notice?.id ?? ''));
      expect(delivery?.sentAt).toBeNull();
    });

    it('sends a balance change to the webhook once, signed, and writes it in the customer’s language', async () => {
      const deliver = () =>
        deliverWebhooks(server.database, { url: hook.url, secret: SECRET }, now);
      // What the earlier steps changed is told and sent first: only the change below remains.
      await writeBalanceUpdates(server.database, now);
      await deliver();
      hook.received.length = 0;

      await earn('9100000001', 50, TEST_START);
      expect(await writeBalanceUpdates(server.database, now)).toBe(1);
      expect(await deliver()).toEqual({ sent: 1, failed: 0, postponed: 0, abandoned: 0 });
      expect((await deliver()).sent).toBe(0);
      expect(hook.received).toHaveLength(1);
      const [{ headers, body }] = hook.received as [Received];
      expect(receiverAccepts(SECRET, body, String(headers['loyalty-signature']))).toBe(true);
      const event = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
      expect(event.type).toBe('balance.changed');
      expect(headers['loyalty-event-id']).toBe(event.id);
      const [balance] = await server.database.db
        .select()
        .from(cardBalances)
        .where(eq(cardBalances.cardNumber, '9100000001'));
      expect(event.data).toMatchObject({
        card: '9100000001',
        balances: { STAR: balance?.posted },
      });

      const [notice] = (await outbox()).filter((n) => n.id === event.id);
      const letter = renderMessage(asMessage(notice as NonNullable<typeof notice>));
      expect(letter.subject).toBe(`Uw puntensaldo: ${balance?.posted} STAR`);
    });
  });
}
