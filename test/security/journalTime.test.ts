import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalHeaderLine } from '../../shared/protocol/journal';
import { PROTOCOL_VERSION, type SaleFact } from '../../shared/protocol/sync';
import { facts, ledgerEntries } from '../../sync-server/src/db/schema';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

const DAY = 86_400_000;

interface ImportAnswer {
  results: { line: number; id: string; status: string; clockSkew?: boolean }[];
}

/*
 * Finding 4 of the hostile-register probe, through the journal import: a register's exported
 * journal is checked against the register's own contacts and the card's issue as a push is
 * (test/security/time.test.ts). A fact made after the register's last quiet contact (an empty
 * outbox) but dated before it, or dated before its card was issued, is flagged as backdated and
 * its points are dated by the server's receipt time.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `journal import checks device times (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;
      let nextSeq = 1;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const now = () => sync.server.clock.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const sale = (card: string, deviceTime: string, deviceSeq: number): SaleFact =>
        saleFact({ card, register: 'S1-R2', lines: [{ net: '10.00' }], deviceTime, deviceSeq });
      const flagged = async (fact: SaleFact) =>
        (await sync.server.database.db.select().from(facts).where(eq(facts.id, fact.id)))[0]
          ?.skewFlagged;
      const earnedAt = async (fact: SaleFact) =>
        (
          await sync.server.database.db
            .select()
            .from(ledgerEntries)
            .where(eq(ledgerEntries.factId, fact.id))
        )[0]?.earnedAt.getTime();

      /** Imports the facts as the register's own exported journal, written just now. */
      async function importJournal(written: SaleFact[]) {
        const text = [journalHeaderLine(iso(now())), ...written.map((f) => JSON.stringify(f))].join(
          '\n',
        );
        const response = await fetch(`${sync.server.url}/api/sync/import-journal`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            authorization: `Bearer ${sync.registers['S1-R2']}`,
          },
          body: `${text}\n`,
        });
        expect(response.status).toBe(200);
        const answer = (await response.json()) as ImportAnswer;
        return answer.results.map((r) => r.clockSkew ?? false);
      }

      it('flags a fact made after a quiet contact but dated before it', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1951));
        const first = sale(card, iso(now() - 60_000), nextSeq++);
        expect(await importJournal([first])).toEqual([false]);
        const quiet = await sync.server.call('POST', '/api/sync/health', {
          token: sync.registers['S1-R2'],
          body: {
            protocol: PROTOCOL_VERSION,
            outboxDepth: 0,
            distributionVersion: 0,
            sentAt: iso(now()),
          },
        });
        expect(quiet.status).toBe(200);
        sync.server.clock.advance(60 * 60_000);

        // Made before the contact, exported only now (seq below the contact's): honest.
        const late = sale(card, iso(now() - 2 * 60 * 60_000), 0);
        const backdated = sale(card, iso(now() - 4 * DAY), nextSeq++);
        const honest = sale(card, iso(now() - 60_000), nextSeq++);
        expect(await importJournal([late, backdated, honest])).toEqual([false, true, false]);
        expect(await flagged(backdated)).toBe(true);
        expect(await flagged(late)).toBe(false);
        expect(await flagged(honest)).toBe(false);

        await postPendingFacts(sync.server.context);
        expect(await earnedAt(backdated)).toBe(now());
      });

      it('flags a fact dated before its card was issued, and dates its points by the server', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1952), {
          issuedAt: new Date(now() - DAY),
        });
        const beforeIssue = sale(card, iso(now() - 3 * DAY), nextSeq++);
        const afterIssue = sale(card, iso(now() - 60_000), nextSeq++);
        expect(await importJournal([beforeIssue, afterIssue])).toEqual([true, false]);
        expect(await flagged(beforeIssue)).toBe(true);
        expect(await flagged(afterIssue)).toBe(false);

        await postPendingFacts(sync.server.context);
        expect(await earnedAt(beforeIssue)).toBe(now());
      });

      it('flags device times no register clock shows: 1970 and year 0001', async () => {
        const card = await createCard(sync.server.database, testCardNumber(1953));
        const epoch = sale(card, '1970-01-01T00:00:00Z', nextSeq++);
        const yearOne = sale(card, '0001-01-01T00:00:00Z', nextSeq++);
        expect(await importJournal([epoch, yearOne])).toEqual([true, true]);
        expect(await flagged(epoch)).toBe(true);
        expect(await flagged(yearOne)).toBe(true);
      });
    },
  );
}
