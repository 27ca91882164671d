import type { TFunction } from 'i18next';
import type { CardView } from '../../../shared/protocol/api';
import { formatNumber } from '../../common/i18n';

/** The points a card holds, as the manager reads them: "153 STAR", or "no points". */
export function heldPoints(t: TFunction, card: CardView): string {
  const held = card.balances.filter((balance) => balance.available > 0);
  if (held.length === 0) return t('register.manager.noPoints');
  return held
    .map((balance) => `${formatNumber(balance.available)} ${balance.rewardPoint}`)
    .join(', ');
}

export const availableOf = (card: CardView, rewardPoint: string): number =>
  card.balances.find((balance) => balance.rewardPoint === rewardPoint)?.available ?? 0;

/** A whole number of points as typed ("50", "-20"), or an error the manager can act on. */
export function wholePoints(t: TFunction, text: string): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed) || Number(trimmed) === 0)
    throw new Error(t('register.manager.pointsWhole'));
  return Number(trimmed);
}
