import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { readCard, type CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { SyncState } from '../sync/state';
import type { StoreSetup } from '../setup/storeSetup';
import type { SignedIn } from '../session/session';
import { printReceipt } from '../print';
import { pointsText } from '../cards/pointsText';
import { useBasket } from './basket';
import { BasketTable, ProductEntry } from './BasketTable';
import { CardEntry } from './CardEntry';
import { CardPanel } from './CardPanel';
import { useServerCardStatus, withServerStatus } from './confirmCard';
import { completeSale } from './completeSale';
import { Receipt, useSaleFact } from './Receipt';
import { saleModelFor, useCardInfo, useSaleModel } from './saleModel';
import { Tenders } from './Tenders';
import { CustomerSearch } from '../find/CustomerSearch';
import { ProductSearch } from '../find/ProductSearch';

const MINUTE = 60_000;

/** The cashier's screen: card, basket, tenders, receipt; keyboard first (F6 card, F7 product). */
export function SaleScreen({
  engine,
  db,
  setup,
  sync,
  staff,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  sync: SyncState;
  staff: SignedIn;
}) {
  const { t } = useTranslation();
  const basket = useBasket();
  const cardInput = useRef<HTMLInputElement>(null);
  const productInput = useRef<HTMLInputElement>(null);
  const completed = useSaleFact(db, basket.completed);
  const showingReceipt = completed !== null && basket.items.length === 0;
  // The receipt shows the card of the sale just completed, with its new balance.
  const cardNumber = basket.card ?? (showingReceipt ? completed.receipt.card : null);
  const checkedCard = useRef<CardInfo | null>(null);
  const card = withServerStatus(
    useCardInfo(engine, db, setup, sync, cardNumber, checkedCard),
    useServerCardStatus(engine, basket.card, sync.online),
  );
  const at = Math.floor(engine.serverNow() / MINUTE) * MINUTE;
  const model = useSaleModel(setup, basket.card ? card : null, at);
  const locked = basket.pointsTenders.length > 0 || basket.moneyTenders.length > 0;
  const tierName =
    setup.program?.tiers.find((tier) => tier.id === card?.standing.tier)?.name ?? null;

  const complete = async () => {
    // Promotions are worked out again at the instant the sale is recorded: the one the server checks.
    const recordedAt = engine.deviceNow();
    const { loyalty } = saleModelFor(
      setup,
      basket.card ? card : null,
      basket.items,
      basket.pointsTenders,
      recordedAt,
    );
    const fact = await completeSale(engine, {
      saleId: basket.saleId,
      staff: staff.id,
      card,
      loyalty,
      at: recordedAt,
      lines: model.lines,
      pointsTenders: basket.pointsTenders,
      moneyTenders: basket.moneyTenders,
    });
    basket.finish(fact.id);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F6') cardInput.current?.focus();
      else if (event.key === 'F7') productInput.current?.focus();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onCard = async (number: string): Promise<string | null> => {
    const summary = await engine.lookupCard(number);
    const info = await readCard(db, summary, number, {
      version: sync.version,
      at: engine.serverNow(),
      program: setup.program,
    });
    if (!info) return t('register.card.unknown');
    // Taken by the card panel's read only when the number changes (else that read does not run).
    if (number !== cardNumber) checkedCard.current = info;
    basket.setCard(number);
    productInput.current?.focus();
    return info.status === 'active' ? null : t(`register.card.refused.${info.status}`);
  };

  const names = (product: string) => setup.products.get(product.toUpperCase())?.name ?? product;

  return (
    <div className="sale">
      <div className="sale-main">
        {showingReceipt ? (
          <>
            <Receipt
              fact={completed}
              card={card}
              names={names}
              onPrint={() => void printReceipt()}
            />
            <button type="button" className="primary" autoFocus onClick={basket.startNew}>
              {t('register.sale.next')}
            </button>
          </>
        ) : (
          <>
            <ProductEntry setup={setup} inputRef={productInput} locked={locked} />
            <ProductSearch
              setup={setup}
              disabled={locked}
              onProduct={(product) => {
                basket.addProduct(product.id);
                productInput.current?.focus();
              }}
            />
            <BasketTable
              lines={model.lines}
              earning={model.earning}
              schemes={model.loyalty.schemes}
              currency={setup.store.currency}
              locked={locked}
            />
            <p className="points-total" data-testid="sale-points">
              {t('register.sale.earns', { points: pointsText(model.earning?.earned ?? {}) })}
            </p>
            {model.lines.length > 0 && (
              <Tenders
                engine={engine}
                db={db}
                setup={setup}
                model={model}
                card={card}
                onComplete={complete}
              />
            )}
          </>
        )}
      </div>
      <aside className="sale-side">
        <CardEntry inputRef={cardInput} onCard={onCard} disabled={locked} />
        <CustomerSearch engine={engine} disabled={locked} onCard={onCard} />
        {card && (
          <CardPanel
            card={card}
            tierName={tierName}
            canCover={model.canCover}
            currency={setup.store.currency}
            onRemove={locked ? undefined : () => basket.setCard(null)}
          />
        )}
      </aside>
    </div>
  );
}
