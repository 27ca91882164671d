import { useEffect, useMemo, useState } from 'react';
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
import type { Earning } from '../../../shared/engine/earning';
import { readCard, type CardInfo } from '../cards/cardInfo';
import type { SyncEngine } from '../sync/engine';
import type { SyncState } from '../sync/state';
import type { StoreSetup } from '../setup/storeSetup';
import type { RegisterDb } from '../localdb/schema';
import { useBasket, type BasketItem } from './basket';

/**
 * The card in the basket as the register knows it, read again as facts and versions change. A card
 * just read to check it (`primed`) is taken as it is rather than read a second time.
 */
export function useCardInfo(
  engine: SyncEngine,
  db: RegisterDb,
  setup: StoreSetup | null,
  sync: SyncState,
  number: string | null,
  primed?: { current: CardInfo | null },
): CardInfo | null {
  const [info, setInfo] = useState<CardInfo | null>(null);
  useEffect(() => {
    if (!number || !setup) {
      setInfo(null);
      return;
    }
    const ready = primed?.current;
    if (primed) primed.current = null;
    if (ready?.number === number) {
      setInfo(ready);
      return;
    }
    let current = true;
    void (async () => {
      const summary = await engine.lookupCard(number);
      const card = await readCard(db, summary, number, {
        version: sync.version,
        at: engine.serverNow(),
        program: setup.program,
      });
      if (current) setInfo(card);
    })();
    return () => {
      current = false;
    };
  }, [engine, db, setup, number, sync.version, sync.outboxDepth, sync.rejected, primed]);
  return info;
}

export interface SaleModel {
  readonly loyalty: LoyaltySetup;
  readonly lines: readonly PricedLine[];
  readonly total: number;
  readonly earning: Earning | null;
  /** What the card's points can still pay of this sale (0 without a card or a scheme). */
  readonly canCover: number;
}

/** Prices the basket and works out what it earns and what points could pay, from local data. */
export function saleModelFor(
  setup: StoreSetup,
  card: CardInfo | null,
  items: readonly BasketItem[],
  pointsTenders: readonly PointsTender[],
  at: number,
): SaleModel {
  const schemes = schemesThatApply(
    setup.schemes,
    { store: setup.store.id, program: setup.store.program },
    at,
  );
  const loyalty: LoyaltySetup = {
    currency: setup.store.currency,
    schemes,
    rewardPoints: setup.rewardPoints,
  };
  const discount = card ? tierDiscountOf(setup.program?.tiers ?? [], card.standing.tier) : null;
  const basket = items.flatMap((item) => {
    const product = setup.products.get(item.product.toUpperCase());
    return product ? [{ id: item.id, product, quantity: item.quantity }] : [];
  });
  const lines = priceLines(basket, discount, setup.store.currency);
  const paid = paidWithPoints(pointsTenders);
  const active = card && card.status === 'active' ? card : null;
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
          active.spendableLots,
          lines,
          paid,
          at,
        )
      : 0;
  return { loyalty, lines, total: basketTotal(lines), earning, canCover };
}

export function useSaleModel(setup: StoreSetup, card: CardInfo | null, at: number): SaleModel {
  const items = useBasket((state) => state.items);
  const pointsTenders = useBasket((state) => state.pointsTenders);
  return useMemo(
    () => saleModelFor(setup, card, items, pointsTenders, at),
    [setup, card, items, pointsTenders, at],
  );
}
