import type { Session } from '../../db/database';
import { ledgerEntries } from '../../db/schema';
import { applyTierChanges } from '../../tiers/evaluate';
import { postedRow, rebuildCards } from '../../ledger/post';
import { writeRejections } from '../rejections';
import type { FactPlan } from './planFact';
import type { PostedEntry } from './runLedger';
import type { Run } from './planFact';

type Posted = Extract<FactPlan, { kind: 'posted' }>;
type Rejected = Extract<FactPlan, { kind: 'rejected' }>;

/** Rows handed to PostgreSQL as one JSON array, read back with jsonb_to_recordset. */
async function writeRows(
  tx: Session,
  rows: readonly object[],
  statement: (records: string) => string,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(statement(`jsonb_to_recordset($1::jsonb)`), [JSON.stringify(rows)]);
}

async function writeFactStatuses(tx: Session, posted: Posted[], rejected: Rejected[], at: Date) {
  if (posted.length > 0)
    await tx.query(
      `update facts set status = 'posted', processed_at = $2::timestamptz where id = any($1::uuid[])`,
      [posted.map((p) => p.row.id), at.toISOString()],
    );
  await writeRejections(
    tx,
    rejected.map((r) => ({ factId: r.row.id, reason: r.reason })),
    at,
  );
}

async function settleEntries(tx: Session, entries: readonly PostedEntry[]) {
  await writeRows(
    tx,
    entries
      .filter((p) => p.settles)
      .map((p) => ({
        id: p.entry.id,
        points: p.points,
        cropped: p.cropped,
        vests_at: p.vestsAt,
        expires_at: p.expiresAt,
      })),
    (records) => `update ledger_entries e set status = 'posted', points = u.points,
        cropped = u.cropped, vests_at = u.vests_at, expires_at = u.expires_at
      from ${records} as u(id uuid, points bigint, cropped bigint, vests_at timestamptz,
        expires_at timestamptz)
      where e.id = u.id and e.status = 'pending'`,
  );
}

/** Entries the push could not store as pending (their card was not known then): rare. */
async function insertEntries(
  tx: Session,
  entries: readonly PostedEntry[],
  serverTimeOf: (factId: string | null | undefined) => Date,
) {
  const rows = entries
    .filter((p) => !p.settles)
    .map(({ entry, points, cropped, vestsAt, expiresAt }) =>
      postedRow(entry, serverTimeOf(entry.factId), { points, cropped, vestsAt, expiresAt }),
    );
  for (let i = 0; i < rows.length; i += 1000)
    await tx.db.insert(ledgerEntries).values(rows.slice(i, i + 1000));
}

async function writeLots(tx: Session, posted: Posted[]) {
  await writeRows(
    tx,
    posted.flatMap((p) =>
      p.lots.map((lot) => ({
        entry_id: lot.entryId,
        card_number: lot.cardNumber,
        reward_point_id: lot.rewardPointId,
        remaining: lot.remaining,
        earned_at: lot.earnedAt,
        vests_at: lot.vestsAt,
        expires_at: lot.expiresAt,
      })),
    ),
    (records) => `insert into lots (entry_id, card_number, reward_point_id, remaining, earned_at,
        vests_at, expires_at)
      select * from ${records} as u(entry_id uuid, card_number text, reward_point_id text,
        remaining bigint, earned_at timestamptz, vests_at timestamptz, expires_at timestamptz)`,
  );
}

async function writeBalances(tx: Session, run: Run) {
  await writeRows(
    tx,
    run.ledger.touched().map((b) => ({
      card_number: b.cardNumber,
      reward_point_id: b.rewardPointId,
      posted: b.posted,
      pending: b.pending,
    })),
    (records) => `insert into card_balances (card_number, reward_point_id, posted, pending)
      select * from ${records} as u(card_number text, reward_point_id text, posted bigint,
        pending bigint)
      on conflict (card_number, reward_point_id) do update
        set posted = excluded.posted, pending = excluded.pending, updated_at = now()`,
  );
}

async function writeSales(tx: Session, posted: Posted[]) {
  await writeRows(
    tx,
    posted.map(({ sale }) => ({
      id: sale.id,
      store_id: sale.storeId,
      register_id: sale.registerId,
      staff_id: sale.staffId,
      card_number: sale.cardNumber,
      currency: sale.currency,
      total_minor: sale.totalMinor,
      lines: sale.lines,
      tenders: sale.tenders,
      return_of: sale.returnOf,
      offline: sale.offline,
      device_time: sale.deviceTime,
      device_seq: sale.deviceSeq,
      server_time: sale.serverTime,
      fact_id: sale.factId,
    })),
    (records) => `insert into sales (id, store_id, register_id, staff_id, card_number, currency,
        total_minor, lines, tenders, return_of, offline, device_time, device_seq, server_time,
        fact_id)
      select * from ${records} as u(id text, store_id text, register_id text, staff_id text,
        card_number text, currency text, total_minor bigint, lines jsonb, tenders jsonb,
        return_of text, offline boolean, device_time timestamptz, device_seq bigint,
        server_time timestamptz, fact_id uuid)
      on conflict (id) do nothing`,
  );
}

/**
 * Writes what a run's facts did, set-based: fact statuses, the settled, new and rejected ledger
 * entries, the new lots, the balances as the run left them (the fold of the ledger for cards the
 * run folds), the receipts and the tier changes.
 */
export async function writeRun(run: Run, plans: readonly FactPlan[], at: Date): Promise<void> {
  const { tx } = run;
  const posted = plans.filter((p): p is Posted => p.kind === 'posted');
  const rejected = plans.filter((p): p is Rejected => p.kind === 'rejected');
  const entries = posted.flatMap((p) => p.entries);
  const serverTimes = new Map(posted.map((p) => [p.row.id, p.row.serverTime]));
  await writeFactStatuses(tx, posted, rejected, at);
  await settleEntries(tx, entries);
  await insertEntries(tx, entries, (id) => (id && serverTimes.get(id)) || at);
  await writeLots(tx, posted);
  await writeBalances(tx, run);
  // Cards the run could not append to: their lots and balances are the fold of their ledger.
  await rebuildCards(tx, run.ledger.folded(), run.rewardPoints);
  await writeSales(tx, posted);
  await applyTierChanges(tx, run.tiers.changes(), at);
}
