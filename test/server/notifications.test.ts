import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subtractPeriod, DAY_MS } from '../../shared/units/time';
import { cards, customers, notificationsOutbox } from '../../sync-server/src/db/schema';
import { ABANDONED_ERROR, deliverNotifications } from '../../sync-server/src/notifications/deliver';
import {
  writeBalanceUpdates,
  writeExpiryWarnings,
} from '../../sync-server/src/notifications/notices';
import { fileSender, type NotificationSender } from '../../sync-server/src/notifications/sender';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { earnOnline, seedBasics } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

const YEAR = { value: 1, unit: 'year' } as const;

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`customer notifications (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let outboxDir: string;
    const now = new Date(TEST_START);

    const earn = (card: string, points: number, at: number) =>
      earnOnline(server.database, card, points, at);

    const outbox = () => server.database.db.select().from(notificationsOutbox);

    beforeAll(async () => {
      backend = await backendKind.create();
      server = await startTestServer(backend);
      outboxDir = await mkdtemp(path.join(tmpdir(), 'loyalty-outbox-'));
      await seedBasics(server.database);
      await server.database.db.insert(customers).values([
        {
          id: 'SUB',
          name: 'Sam Subscribed',
          email: 'sam@example.com',
          notifyBalanceUpdates: true,
          notifyExpiryWarnings: true,
        },
        { id: 'QUIET', name: 'Quinn Quiet', email: 'quinn@example.com' },
      ]);
      await server.database.db.insert(cards).values([
        { number: '9000000001', customerId: 'SUB', programId: 'MAIN', enrolmentSource: 'api' },
        { number: '9000000002', customerId: 'QUIET', programId: 'MAIN', enrolmentSource: 'api' },
      ]);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await backend?.remove();
      await rm(outboxDir, { recursive: true, force: true });
    });

    it('writes an expiry warning once, only for subscribed customers', async () => {
      // A year's expiry: earned a year less a week ago, these expire in seven days.
      const soon = subtractPeriod(TEST_START, YEAR) + 7 * DAY_MS;
      await earn('9000000001', 200, soon);
      await earn('9000000002', 200, soon);
      await earn('9000000001', 50, TEST_START - DAY_MS); // expires in a year: no warning

      expect(await writeExpiryWarnings(server.database, now, 14)).toBe(1);
      expect(await writeExpiryWarnings(server.database, now, 14)).toBe(0);
      const warnings = (await outbox()).filter((n) => n.kind === 'expiryWarning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        customerId: 'SUB',
        cardNumber: '9000000001',
        payload: { points: 200, rewardPoint: 'STAR', email: 'sam@example.com' },
      });
      // Too far off for a 3-day warning.
      expect(await writeExpiryWarnings(server.database, new Date(TEST_START - DAY_MS), 3)).toBe(0);
    });

    it('writes a balance update when a subscribed card changed since the last run', async () => {
      expect(await writeBalanceUpdates(server.database, now)).toBe(1);
      expect(await writeBalanceUpdates(server.database, now)).toBe(0);
      await earn('9000000001', 10, TEST_START);
      await earn('9000000002', 10, TEST_START);
      expect(await writeBalanceUpdates(server.database, now)).toBe(1);
      const updates = (await outbox()).filter((n) => n.kind === 'balanceUpdate');
      expect(updates.map((u) => u.customerId)).toEqual(['SUB', 'SUB']);
      expect(updates.map((u) => (u.payload as { balances: object }).balances)).toContainEqual({
        STAR: 260,
      });
    });

    it('delivers each notice once, as a file', async () => {
      const pending = await outbox();
      const first = await deliverNotifications(server.database, fileSender(outboxDir), now);
      expect(first).toEqual({ sent: pending.length, failed: 0, abandoned: 0, postponed: 0 });
      const files = await readdir(outboxDir);
      expect(files.sort()).toEqual(pending.map((n) => `${n.kind}-${n.id}.json`).sort());
      const warning = pending.find((n) => n.kind === 'expiryWarning');
      const body = JSON.parse(
        await readFile(path.join(outboxDir, `expiryWarning-${warning?.id}.json`), 'utf8'),
      );
      expect(body).toMatchObject({ to: 'sam@example.com', kind: 'expiryWarning' });
      expect(body.subject).toContain('200 STAR');

      const second = await deliverNotifications(server.database, fileSender(outboxDir), now);
      expect(second).toEqual({ sent: 0, failed: 0, abandoned: 0, postponed: 0 });
      expect(await readdir(outboxDir)).toHaveLength(files.length);
      expect((await outbox()).every((n) => n.sentAt !== null)).toBe(true);
    });

    it('never sends twice: a failed send keeps its error, a claim left by a crash is given up', async () => {
      await earn('9000000001', 5, TEST_START);
      await writeBalanceUpdates(server.database, now);
      const failing: NotificationSender = {
        name: 'broken',
        send: async () => {
          throw new Error('mail server said no');
        },
      };
      expect(await deliverNotifications(server.database, failing, now)).toMatchObject({
        failed: 1,
      });
      const [failed] = await server.database.db
        .select()
        .from(notificationsOutbox)
        .where(isNotNull(notificationsOutbox.error));
      expect(failed?.error).toContain('mail server said no');
      expect(failed?.sentAt).toBeNull();
      // Not retried: the sender might have sent it before failing.
      expect(await deliverNotifications(server.database, fileSender(outboxDir), now)).toMatchObject(
        {
          sent: 0,
        },
      );

      // A run that claimed a message and died before sending it.
      await earn('9000000001', 5, TEST_START + 1000);
      await writeBalanceUpdates(server.database, now);
      const [orphan] = await server.database.db
        .update(notificationsOutbox)
        .set({ claimedAt: new Date(TEST_START - 3_600_000) })
        .where(isNull(notificationsOutbox.claimedAt))
        .returning();
      const before = (await readdir(outboxDir)).length;
      const later = await deliverNotifications(
        server.database,
        fileSender(outboxDir),
        new Date(TEST_START),
      );
      expect(later).toEqual({ sent: 0, failed: 0, abandoned: 1, postponed: 0 });
      expect(await readdir(outboxDir)).toHaveLength(before);
      const [row] = await server.database.db
        .select()
        .from(notificationsOutbox)
        .where(eq(notificationsOutbox.id, orphan?.id ?? ''));
      expect(row).toMatchObject({ sentAt: null, error: ABANDONED_ERROR });
    });
  });
}
