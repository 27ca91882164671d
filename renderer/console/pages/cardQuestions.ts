import type { TFunction } from 'i18next';
import { formatNumber } from '../../common/i18n';
import { int, optInt, str, type FormValues } from '../components/form';
import type { CardView } from '../../../shared/protocol/api';

/**
 * The questions the card page asks before it changes a card: each names the card, the points and
 * the effect. Null when the input cannot be read: the server's answer then names the field.
 */

const availableOf = (card: CardView, rewardPoint: string): number =>
  card.balances.find((balance) => balance.rewardPoint === rewardPoint)?.available ?? 0;

/** "153 STAR, 20 MILES", or "no points". */
export function heldPoints(t: TFunction, card: CardView): string {
  const held = card.balances.filter((balance) => balance.available > 0);
  if (held.length === 0) return t('card.noPoints');
  return held.map((b) => `${formatNumber(b.available)} ${b.rewardPoint}`).join(', ');
}

export function askBlock(t: TFunction, card: CardView): string {
  return t('card.askBlock', { number: card.number, points: heldPoints(t, card) });
}

export function askAdjust(t: TFunction, card: CardView, values: FormValues): string | null {
  const points = int(values, 'points');
  const rewardPoint = str(values, 'rewardPoint');
  if (typeof points !== 'number' || points === 0 || !rewardPoint) return null;
  const from = availableOf(card, rewardPoint);
  return t(points > 0 ? 'card.askAdd' : 'card.askRemove', {
    number: card.number,
    points: formatNumber(Math.abs(points)),
    rewardPoint,
    reason: str(values, 'comment'),
    from: formatNumber(from),
    to: formatNumber(from + points),
  });
}

export function askTransfer(t: TFunction, card: CardView, values: FormValues): string | null {
  const to = str(values, 'to');
  const rewardPoint = str(values, 'rewardPoint');
  const points = optInt(values, 'points');
  if (!to || !rewardPoint || typeof points === 'string') return null;
  const from = availableOf(card, rewardPoint);
  const moving = points ?? from;
  return t('card.askTransfer', {
    number: card.number,
    to,
    rewardPoint,
    points: formatNumber(moving),
    left: formatNumber(from - moving),
  });
}

export function askReplace(t: TFunction, card: CardView, values: FormValues): string {
  const number = str(values, 'number');
  const points = heldPoints(t, card);
  return number
    ? t('card.askReplaceBy', { number: card.number, points, by: number })
    : t('card.askReplace', { number: card.number, points });
}
