import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  foldLedger,
  netBalance,
  type EntryKind,
  type LedgerFact,
} from '../../shared/engine/ledger';
import type { LotUse } from '../../shared/engine/model';
import type { Database } from '../../sync-server/src/db/database';
import { migrate } from '../../sync-server/src/db/migrate';
import { cards, rewardPoints } from '../../sync-server/src/db/schema';
import { postEntries, type EntryToPost } from '../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../sync-server/src/ledger/rewardPoints';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { seedBasics } from './helpers/fixtures';

/*
 * postEntries posts through the post job's ledger (appending lots where the fold would, folding the
 * card otherwise), so after any sequence of calls every card's lots and balances must be the
 * engine's fold of its ledger rows: increases past the cap, decreases into debt, later and earlier
 * increases, duplicates.
 */

const START = Date.parse('2026-03-01T10:00:00Z');
const CARDS_PER_RUN = 2;
const INCREASE_KINDS: readonly EntryKind[] = ['earn', 'adjust', 'transferIn', 'refundRedeem'];
const DECREASE_KINDS: readonly EntryKind[] = ['redeem', 'adjust', 'returnEarn', 'transferOut'];

/** One entry of a call: a new one, or (with `again`) an entry posted before, sent again. */
const entryStep = fc.record({
  card: fc.integer({ min: 0, max: CARDS_PER_RUN - 1 }),
  rewardPoint: fc.constantFrom('STAR', 'CAPPED'),
  points: fc.integer({ min: -400, max: 400 }).filter((n) => n !== 0),
  kind: fc.nat(3),
  // Seconds, over a few minutes, so equal and earlier effective times both occur.
  second: fc.integer({ min: 0, max: 240 }),
  again: fc.option(fc.nat(), { freq: 5 }),
});
const calls = fc.array(fc.array(entryStep, { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 6,
});

type Step = typeof entryStep extends fc.Arbitrary<infer T> ? T : never;

interface LedgerRow {
  id: string;
  reward_point_id: string;
  kind: EntryKind;
  points: string | number;
  earned_at: Date | string;
  vests_at: Date | string | null;
  expires_at: Date | string | null;
  lots: LotUse[] | null;
  reverses: string | null;
}

const ms = (value: Date | string | null) => (value === null ? null : new Date(value).getTime());

const toFact = (row: LedgerRow): LedgerFact => ({
  id: row.id,
  rewardPoint: row.reward_point_id,
  kind: row.kind,
  points: Number(row.points),
  at: new Date(row.earned_at).getTime(),
  vestsAt: ms(row.vests_at),
  expiresAt: ms(row.expires_at),
  lots: row.lots ?? [],
  reverses: row.reverses,
});

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`postEntries keeps the fold (${backendKind.name})`, () => {
    let backend: TestBackend;
    let database: Database;
    let nextCard = 2_000_000_000;

    beforeAll(async () => {
      backend = await backendKind.create();
      database = await backend.open();
      await migrate(database);
      await seedBasics(database);
      // Capped, vesting and with a dynamic expiry: each rule of a new lot's dates takes part.
      await database.db.insert(rewardPoints).values({
        id: 'CAPPED',
        name: 'Capped',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 2,
        maxPerCard: 300,
        expiry: { value: 1, unit: 'year' },
        expiryCalculation: 'dynamic',
        vesting: { value: 1, unit: 'day' },
      });
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await database?.close();
      await backend?.remove();
    });

    async function newCards(): Promise<string[]> {
      const numbers = Array.from({ length: CARDS_PER_RUN }, () => String(nextCard++));
      await database.db.insert(cards).values(
        numbers.map((number) => ({
          number,
          programId: 'MAIN',
          enrolmentSource: 'headOffice' as const,
        })),
      );
      return numbers;
    }

    function toEntry(step: Step, numbers: readonly string[], sent: EntryToPost[]): EntryToPost {
      if (step.again !== null && sent.length > 0)
        return sent[step.again % sent.length] as EntryToPost;
      const kinds = step.points > 0 ? INCREASE_KINDS : DECREASE_KINDS;
      const entry: EntryToPost = {
        id: randomUUID(),
        cardNumber: numbers[step.card] as string,
        rewardPointId: step.rewardPoint,
        kind: kinds[step.kind] as EntryKind,
        points: step.points,
        earnedAt: new Date(START + step.second * 1000),
        origin: 'online',
      };
      sent.push(entry);
      return entry;
    }

    /** The card's lots and balances as stored, and as the engine folds its posted ledger rows. */
    async function storedAndFolded(card: string) {
      const rps = await loadRewardPoints(database);
      const ledger = await database.query<LedgerRow>(
        `select id, reward_point_id, kind, points, earned_at, vests_at, expires_at, lots, reverses
         from ledger_entries where card_number = $1 and status = 'posted'`,
        [card],
      );
      const folded = foldLedger(ledger.rows.map(toFact), rps);
      const lots = await database.query<{
        entry_id: string;
        reward_point_id: string;
        remaining: string | number;
        earned_at: Date | string;
        vests_at: Date | string | null;
        expires_at: Date | string | null;
      }>(
        `select entry_id, reward_point_id, remaining, earned_at, vests_at, expires_at
         from lots where card_number = $1`,
        [card],
      );
      const balances = await database.query<{ reward_point_id: string; posted: string | number }>(
        'select reward_point_id, posted from card_balances where card_number = $1',
        [card],
      );
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      const nonZero = (entries: [string, number][]) =>
        Object.fromEntries(entries.filter(([, points]) => points !== 0));
      return {
        stored: {
          lots: lots.rows
            .map((lot) => ({
              id: lot.entry_id,
              rewardPoint: lot.reward_point_id,
              remaining: Number(lot.remaining),
              earnedAt: ms(lot.earned_at),
              vestsAt: ms(lot.vests_at),
              expiresAt: ms(lot.expires_at),
            }))
            .sort(byId),
          balances: nonZero(balances.rows.map((b) => [b.reward_point_id, Number(b.posted)])),
        },
        folded: {
          lots: Object.values(folded)
            .flatMap((rp) => rp.lots)
            .map(({ id, rewardPoint, remaining, earnedAt, vestsAt, expiresAt }) => ({
              id,
              rewardPoint,
              remaining,
              earnedAt,
              vestsAt,
              expiresAt,
            }))
            .sort(byId),
          balances: nonZero(Object.entries(netBalance(folded))),
        },
      };
    }

    it('leaves every card its fold after any sequence of postings', async () => {
      const rps = await loadRewardPoints(database);
      await fc.assert(
        fc.asyncProperty(calls, async (sequence) => {
          const numbers = await newCards();
          const sent: EntryToPost[] = [];
          const posted = new Set<string>();
          for (const steps of sequence) {
            const entries = steps.map((step) => toEntry(step, numbers, sent));
            const outcomes = await database.transaction((tx) =>
              postEntries(tx, entries, rps, new Date(START)),
            );
            // An id posts once: sent again (in a later call or the same one) it is a duplicate.
            outcomes.forEach((outcome) => {
              expect(outcome.status).toBe(posted.has(outcome.id) ? 'duplicate' : 'posted');
              posted.add(outcome.id);
            });
          }
          for (const card of numbers) {
            const { stored, folded } = await storedAndFolded(card);
            expect(stored).toEqual(folded);
          }
          // The cap holds against the posted balance: no card holds more than it allows.
          const capped = await database.query<{ posted: string | number }>(
            `select posted from card_balances
             where reward_point_id = 'CAPPED' and card_number = any($1::text[])`,
            [numbers],
          );
          for (const row of capped.rows) expect(Number(row.posted)).toBeLessThanOrEqual(300);
        }),
        { numRuns: 40, seed: 20261204 },
      );
    });
  });
}
