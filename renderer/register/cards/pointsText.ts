import { formatNumber } from '../../common/i18n';

/** Points per reward point in words for a receipt or panel: "41 STAR · 50 TIER" ("0" for none). */
export function pointsText(record: Readonly<Record<string, number>>): string {
  const parts = Object.entries(record)
    .filter(([, points]) => points !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rewardPoint, points]) => `${formatNumber(points)} ${rewardPoint}`);
  return parts.length > 0 ? parts.join(' · ') : formatNumber(0);
}

/** Sums entries' points per reward point. */
export function byRewardPoint(
  entries: readonly { readonly rewardPoint: string; readonly points: number }[],
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of entries)
    result[entry.rewardPoint] = (result[entry.rewardPoint] ?? 0) + entry.points;
  return result;
}
