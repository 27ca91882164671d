import type { TFunction } from 'i18next';
import { schemesThatApply } from '../../../shared/checkout/scheme';
import { schemeRules } from '../../../shared/domain/toEngine';
import { awardActivity } from '../../../shared/engine/activity';
import type { CardView } from '../../../shared/protocol/api';
import { formatNumber } from '../../common/i18n';
import { pointsText } from '../cards/pointsText';
import type { StoreSetup } from '../setup/storeSetup';

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

/**
 * What awarding an other activity gives the card under the store's schemes now, as the manager
 * reads it ("25 STAR"), or null when no line of the type applies to the card. The server has the
 * last word: it also counts the type's per-customer limit and may hold the award for review.
 */
export function activityPoints(
  setup: StoreSetup,
  card: CardView,
  type: string,
  at: number,
): string | null {
  const when = { at, timeZone: setup.store.timeZone };
  const schemes = schemesThatApply(
    setup.schemes,
    { store: setup.store.id, program: card.program },
    when,
  ).map((scheme) => schemeRules(scheme, setup.store.currency));
  const award = awardActivity({
    schemes,
    card: { tier: card.tier, affiliations: card.customer?.affiliations ?? [] },
    type: { id: type, rewardPoint: '', points: 0, perCustomerLimit: null },
    timesAwarded: 0,
    when,
  });
  if (!award.ok || Object.keys(award.earned).length === 0) return null;
  return pointsText(award.earned);
}
