import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import {
  basketTotal,
  priceLines,
  tierDiscountOf,
  type PricedLine,
} from '../../../shared/checkout/pricing';
import {
  earningFor,
  paidWithPoints,
  type LoyaltySetup,
  type PointsTender,
} from '../../../shared/checkout/receipt';
import { schemesThatApply } from '../../../shared/checkout/scheme';
import { pointsCanCover } from '../../../shared/checkout/points';
import {
  linesWithReward,
  lotsLessReward,
  rewardsOnOffer,
  type SaleReward,
} from '../../../shared/checkout/saleReward';
import type { DistributedReward } from '../../../shared/domain/loyalty';
import type { Minor } from '../../../shared/units/integers';
import type { Earning } from '../../../shared/engine/earning';
import { readCard, type CardInfo } from '../cards/cardInfo';
import type { SyncEngine } from '../sync/engine';
import { VERSION_KEY } from '../sync/snapshot';
import type { StoreSetup } from '../setup/storeSetup';
import { readMeta, type RegisterDb } from '../localdb/schema';
import { useBasket, type BasketItem } from './basket';

/**
 * The card in the basket as the register knows it: a Dexie live query over the card's stored
 * summary, the distribution version and this register's facts about the card, so the screen
 * follows a distribution that changes the card, and a fact recorded or settled, without listening
 * to the sync engine for either. A card just read to check it
 * (`primed`) is shown until the live query has answered for that number.
 */
export function useCardInfo(
  engine: SyncEngine,
  db: RegisterDb,
  setup: StoreSetup | null,
  number: string | null,
  primed?: { current: CardInfo | null },
): CardInfo | null {
  const live = useLiveQuery(async () => {
    if (!number || !setup) return { number, info: null };
    const summary = await engine.lookupStoredCard(number);
    // The version the card was distributed with is written in the same transaction as the card.
    const version = (await readMeta<number>(db, VERSION_KEY)) ?? 0;
    const info = await readCard(db, summary, number, {
      version,
      at: engine.serverNow(),
      program: setup.program,
    });
    return { number, info };
  }, [engine, db, setup, number]);
  if (!number || !setup) return null;
  // Until the query has answered for this number, it still holds the previous number's answer.
  if (live?.number === number) return live.info;
  const ready = primed?.current;
  return ready?.number === number ? ready : null;
}

export interface SaleModel {
  readonly loyalty: LoyaltySetup;
  readonly lines: readonly PricedLine[];
  readonly total: number;
  readonly earning: Earning | null;
  /** What the card's points can still pay of this sale (0 without a card or a scheme). */
  readonly canCover: number;
  /** The rewards the card's points can pay for on this basket (none once one is applied). */
  readonly rewards: readonly { readonly reward: DistributedReward; readonly discount: Minor }[];
  /** The basket's lines before the reward: what a reward is worked out on. */
  readonly linesBeforeReward: readonly PricedLine[];
}

/** Prices the basket and works out what it earns and what points could pay, from local data. */
export function saleModelFor(
  setup: StoreSetup,
  card: CardInfo | null,
  items: readonly BasketItem[],
  pointsTenders: readonly PointsTender[],
  at: number,
  reward: SaleReward | null = null,
): SaleModel {
  const when = { at, timeZone: setup.store.timeZone };
  const schemes = schemesThatApply(
    setup.schemes,
    { store: setup.store.id, program: setup.store.program },
    when,
  );
  const loyalty: LoyaltySetup = {
    currency: setup.store.currency,
    schemes,
    rewardPoints: setup.rewardPoints,
    when,
  };
  const discount = card ? tierDiscountOf(setup.program?.tiers ?? [], card.standing.tier) : null;
  const basket = items.flatMap((item) => {
    const product = setup.products.get(item.product.toUpperCase());
    return product ? [{ id: item.id, product, quantity: item.quantity }] : [];
  });
  const priced = priceLines(basket, discount, setup.store.currency);
  const lines = linesWithReward(priced, reward);
  const paid = paidWithPoints(pointsTenders);
  const active = card && card.status === 'active' ? card : null;
  const lots = active ? lotsLessReward(active.spendableLots, reward) : [];
  const earning = earningFor(
    loyalty,
    active ? { number: active.number, standing: active.standing } : null,
    lines,
    paid,
  );
  const canCover =
    active && schemes.length > 0 && lines.length > 0
      ? pointsCanCover(
          { currency: setup.store.currency, schemes, rewardPoints: setup.rewardPoints },
          active.standing,
          lots,
          lines,
          paid,
          at,
        )
      : 0;
  // A reward comes before any points tender, and one per sale.
  const rewards =
    active && !reward && pointsTenders.length === 0 && priced.length > 0
      ? rewardsOnOffer(setup.rewards, loyalty, lots, priced, at)
      : [];
  return {
    loyalty,
    lines,
    total: basketTotal(lines),
    earning,
    canCover,
    rewards,
    linesBeforeReward: priced,
  };
}

export function useSaleModel(setup: StoreSetup, card: CardInfo | null, at: number): SaleModel {
  const items = useBasket((state) => state.items);
  const pointsTenders = useBasket((state) => state.pointsTenders);
  const reward = useBasket((state) => state.reward ?? null);
  return useMemo(
    () => saleModelFor(setup, card, items, pointsTenders, at, reward),
    [setup, card, items, pointsTenders, at, reward],
  );
}
