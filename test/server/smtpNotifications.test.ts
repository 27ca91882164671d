import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, notificationsOutbox } from '../../sync-server/src/db/schema';
import { deliverNotifications } from '../../sync-server/src/notifications/deliver';
import { isTemporary, smtpSender } from '../../sync-server/src/notifications/smtpSender';
import { createLogger } from '../../sync-server/src/observability/logger';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics, signIn } from './helpers/fixtures';
import { startTestServer, TEST_START, type TestServer } from './helpers/server';

interface Received {
  readonly to: string[];
  readonly text: string;
}

/**
 * A real SMTP server on a free port (the `smtp-server` package), answering each recipient as the
 * test says: `busy` counts 451 refusals still to give an address before it accepts, `refused`
 * addresses get 550.
 */
async function startMailServer() {
  const received: Received[] = [];
  const busy = new Map<string, number>();
  const refused = new Set<string>();
  const refusal = (message: string, responseCode: number) =>
    Object.assign(new Error(message), { responseCode });
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const left = busy.get(address.address) ?? 0;
      if (left > 0) {
        busy.set(address.address, left - 1);
        return callback(refusal('mailbox busy, try again later', 451));
      }
      if (refused.has(address.address)) return callback(refusal('no such mailbox here', 550));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((a) => a.address),
          text: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    busy,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type MailServer = Awaited<ReturnType<typeof startMailServer>>;

const quiet = createLogger('silent');

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`notifications by mail (${backendKind.name})`, () => {
    let backend: TestBackend;
    let server: TestServer;
    let mail: MailServer;
    let notices = 0;

    /** One balance update for a customer at `email`, as the expire job writes it. */
    const notice = async (email: string) => {
      notices += 1;
      const id = `C${notices}`;
      await server.database.db.insert(customers).values({ id, name: `Customer ${id}`, email });
      const [row] = await server.database.db
        .insert(notificationsOutbox)
        .values({
          kind: 'balanceUpdate',
          customerId: id,
          dedupeKey: `test:${id}`,
          payload: { name: `Customer ${id}`, email, card: `card-${id}`, balances: { STAR: 120 } },
        })
        .returning();
      if (!row) throw new Error('no outbox row');
      return row.id;
    };
    const rowOf = async (id: string) =>
      (
        await server.database.db
          .select()
          .from(notificationsOutbox)
          .where(eq(notificationsOutbox.id, id))
      )[0];
    const mailsTo = (address: string) => mail.received.filter((m) => m.to.includes(address));

    beforeAll(async () => {
      backend = await backendKind.create();
      mail = await startMailServer();
      server = await startTestServer(backend, { smtpUrl: mail.url, mailFrom: 'shop@example.com' });
      await seedBasics(server.database);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await server?.close();
      await mail?.close();
      await backend?.remove();
    });

    it('mails through SMTP_URL: once after a temporary refusal, a permanent refusal set aside with its reason', async () => {
      const ok = await notice('ann@example.com');
      const later = await notice('bob@example.com');
      const never = await notice('nobody@example.com');
      mail.busy.set('bob@example.com', 1);
      mail.refused.add('nobody@example.com');

      const hq = await signIn(server, 'hq');
      const run = await server.call<{ status: string; counts: Record<string, number> }>(
        'POST',
        '/api/jobs/deliver-notifications/run',
        { token: hq, body: {} },
      );
      expect(run.body).toMatchObject({
        status: 'succeeded',
        counts: { sent: 2, failed: 1, postponed: 0 },
      });

      expect(mailsTo('ann@example.com')).toHaveLength(1);
      expect(mailsTo('bob@example.com')).toHaveLength(1);
      expect(mailsTo('nobody@example.com')).toHaveLength(0);
      const [toAnn] = mailsTo('ann@example.com');
      expect(toAnn?.text).toContain('From: shop@example.com');
      expect(toAnn?.text).toContain('Subject: Your points balance: 120 STAR');
      expect(toAnn?.text).toContain(`Message-ID: <${ok}@loyalty.notifications>`);

      expect(await rowOf(ok)).toMatchObject({ error: null });
      expect((await rowOf(ok))?.sentAt).not.toBeNull();
      expect((await rowOf(later))?.sentAt).not.toBeNull();
      const setAside = await rowOf(never);
      expect(setAside?.sentAt).toBeNull();
      expect(setAside?.error).toMatch(/^smtp sender: .*550.*no such mailbox here/);

      // Nothing goes out twice, and the refused one is not tried again.
      const again = await server.call<{ counts: Record<string, number> }>(
        'POST',
        '/api/jobs/deliver-notifications/run',
        { token: hq, body: {} },
      );
      expect(again.body.counts).toMatchObject({ sent: 0, failed: 0 });
      expect(mail.received).toHaveLength(2);
    });

    it('leaves a message the server keeps refusing for now to the next run, which sends it once', async () => {
      const stubborn = await notice('cat@example.com');
      mail.busy.set('cat@example.com', 3);
      const sender = smtpSender({
        url: mail.url,
        from: 'shop@example.com',
        retryDelaysMs: [10],
        log: quiet,
      });
      try {
        const now = new Date(TEST_START);
        const first = await deliverNotifications(server.database, sender, now);
        expect(first).toEqual({ sent: 0, failed: 0, abandoned: 0, postponed: 1 });
        expect(await rowOf(stubborn)).toMatchObject({ claimedAt: null, sentAt: null, error: null });
        expect(mailsTo('cat@example.com')).toHaveLength(0);

        // One refusal left, then the server takes it.
        const second = await deliverNotifications(server.database, sender, now);
        expect(second).toEqual({ sent: 1, failed: 0, abandoned: 0, postponed: 0 });
        expect(mailsTo('cat@example.com')).toHaveLength(1);
        expect(await deliverNotifications(server.database, sender, now)).toMatchObject({
          sent: 0,
        });
        expect(mailsTo('cat@example.com')).toHaveLength(1);
      } finally {
        sender.close();
      }
    });
  });
}

describe('which SMTP failures are retried', () => {
  it('retries refusals (4xx) and failures to connect, never a connection lost while sending the message', () => {
    expect(isTemporary({ responseCode: 451, command: 'RCPT TO' })).toBe(true);
    expect(isTemporary({ responseCode: 421, command: 'DATA' })).toBe(true);
    expect(isTemporary({ code: 'ESOCKET', command: 'CONN' })).toBe(true);
    expect(isTemporary({ code: 'ETIMEDOUT', command: 'CONN' })).toBe(true);
    expect(isTemporary({ responseCode: 550, command: 'RCPT TO' })).toBe(false);
    expect(isTemporary({ code: 'ESOCKET', command: 'DATA' })).toBe(false);
    expect(isTemporary({ code: 'ETIMEDOUT' })).toBe(false);
    expect(isTemporary(new Error('something else'))).toBe(false);
  });
});
