import { splitOverLines } from '../../../shared/engine/earning';
import type { PointsByRewardPoint } from '../../../shared/engine/model';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { EntryToPost, PostOutcome } from '../ledger/post';
import { reject } from './rejection';

/*
 * What each line of a receipt earned and redeemed, as the server stores it for returns (PRODUCT
 * 4.1, 4.3). The register's per-line figures are a claim: they must add up to the sale's entries,
 * and what is stored is the split of the points posted after the cap, by the engine's own rule
 * (`splitOverLines` in shared/engine/earning.ts).
 */

type SaleLine = SaleFact['receipt']['lines'][number];

function add(record: PointsByRewardPoint, key: string, value: number): void {
  if (value !== 0) record[key] = (record[key] ?? 0) + value;
}

const show = (record: PointsByRewardPoint) =>
  Object.entries(record)
    .filter(([, n]) => n !== 0)
    .map(([rp, n]) => `${n} ${rp}`)
    .join(', ') || 'nothing';

function sameRecords(a: PointsByRewardPoint, b: PointsByRewardPoint): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

function sumByRewardPoint(entries: readonly { rewardPoint: string; points: number }[]) {
  const result: PointsByRewardPoint = {};
  for (const e of entries) add(result, e.rewardPoint, e.points);
  return result;
}

function checkEarnedLines(lines: readonly SaleLine[], expected: readonly PointsByRewardPoint[]) {
  lines.forEach((line, i) => {
    const share = expected[i] ?? {};
    if (!sameRecords(line.earned, share))
      reject(
        `line ${line.id} says it earned ${show(line.earned)}, its share of the earn entries is ${show(share)}`,
      );
  });
}

function checkRedeemedLines(lines: readonly SaleLine[], spent: PointsByRewardPoint) {
  const claimed: PointsByRewardPoint = {};
  for (const line of lines) {
    for (const [rp, pts] of Object.entries(line.redeemed)) {
      if (pts < 0)
        reject(`line ${line.id} says it redeemed ${pts} ${rp}: redeemed points count up`);
      add(claimed, rp, pts);
    }
  }
  for (const rp of new Set([...Object.keys(claimed), ...Object.keys(spent)])) {
    if ((claimed[rp] ?? 0) === (spent[rp] ?? 0)) continue;
    const saying = lines
      .filter((line) => (line.redeemed[rp] ?? 0) !== 0)
      .map((line) => `line ${line.id} says it redeemed ${line.redeemed[rp]} ${rp}`);
    reject(
      `the receipt lines redeem ${claimed[rp] ?? 0} ${rp} (${saying.join(', ') || `no line redeemed ${rp}`}), the redeem entries spend ${spent[rp] ?? 0} ${rp}`,
    );
  }
}

/**
 * A sale's per-line claims must add up to its entries: each line's earned points are its share
 * of the earn entries (as the register kept them), and the lines' redeemed points sum to what the
 * redeem entries spend. `preCap` is the server's per-line split before the cap.
 */
export function checkLineClaims(
  receipt: SaleFact['receipt'],
  preCap: readonly PointsByRewardPoint[],
): void {
  const card = receipt.card;
  const own = receipt.entries.filter((e) => e.card === card);
  const earned = sumByRewardPoint(own.filter((e) => e.kind === 'earn'));
  const spent = sumByRewardPoint(
    own.filter((e) => e.kind === 'redeem').map((e) => ({ ...e, points: -e.points })),
  );
  checkEarnedLines(receipt.lines, splitOverLines(earned, preCap));
  checkRedeemedLines(receipt.lines, spent);
}

/** The receipt lines to store: each line's earned points are the server's split of what it posted. */
export function postedLines(
  lines: readonly SaleLine[],
  entries: readonly EntryToPost[],
  outcomes: readonly PostOutcome[],
  preCap: readonly PointsByRewardPoint[],
): SaleLine[] {
  const kept: PointsByRewardPoint = {};
  entries.forEach((entry, i) => {
    if (entry.kind === 'earn') add(kept, entry.rewardPointId, outcomes[i]?.points ?? 0);
  });
  const split = splitOverLines(kept, preCap);
  return lines.map((line, i) => ({ ...line, earned: split[i] ?? {} }));
}
