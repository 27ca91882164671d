import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import type { Product } from '../../../shared/domain/master';
import { readCard, type CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { SyncState } from '../sync/state';
import type { StoreSetup } from '../setup/storeSetup';
import { findProduct } from '../setup/storeSetup';
import type { SignedIn } from '../session/session';
import { readBlocks } from '../manager/cardNumbers';
import { printReceipt } from '../print';
import { pointsText } from '../cards/pointsText';
import { hasContent, hasTakings, useBasket } from './basket';
import { BasketTable } from './BasketTable';
import { CardEntry } from './CardEntry';
import { CardPanel } from './CardPanel';
import { useServerCardStatus, withServerStatus } from './confirmCard';
import { completeSale } from './completeSale';
import { useEntry, type Said } from './entry';
import { FindSlot } from './FindSlot';
import { Receipt, useSaleFact } from './Receipt';
import { useSaleKeys } from './saleKeys';
import { saleModelFor, useCardInfo, useSaleModel } from './saleModel';
import { routeScan } from './scanRoute';
import { ScanField } from './ScanField';
import { useTenderActions } from './tenderActions';
import { Tenders, Totals } from './Tenders';
import { TransactionBar } from './TransactionBar';
import { useTransactionControl } from './transactionControl';
import { VoidDialog } from './VoidDialog';
import { useFocusHome, useWedgeScanner } from './wedgeScanner';
import { RecallDialog } from './RecallDialog';
import { QuickKeys } from './QuickKeys';
import { parseAmount } from '../../../shared/units/money';
import { useOfflineAllowanceLeft } from './offlineAllowance';
import { useRewardActions, useRewardKeys } from './rewardActions';
import { RewardList } from './RewardList';

const MINUTE = 60_000;

/**
 * The cashier's screen: the basket on the left, the card, the big numbers and the tenders on the
 * right. Scanner first: every scan goes to the one scan field, routed by its shape, and focus
 * comes back to that field after every action.
 */
export function SaleScreen({
  engine,
  db,
  setup,
  sync,
  staff,
  onReceipt,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  sync: SyncState;
  staff: SignedIn;
  /** A receipt's number was scanned: the return of that receipt starts. */
  onReceipt: (number: string) => void;
}) {
  const { t } = useTranslation();
  const basket = useBasket();
  const entry = useEntry();
  const scanInput = useRef<HTMLInputElement>(null);
  const cardInput = useRef<HTMLInputElement>(null);
  const completed = useSaleFact(db, basket.completed);
  const showingReceipt = completed !== null && basket.items.length === 0;
  // The receipt shows the card of the sale just completed, with its new balance.
  const cardNumber = basket.card ?? (showingReceipt ? completed.receipt.card : null);
  const checkedCard = useRef<CardInfo | null>(null);
  const card = withServerStatus(
    useCardInfo(engine, db, setup, cardNumber, checkedCard),
    useServerCardStatus(engine, basket.card, sync.online),
  );
  const at = Math.floor(engine.serverNow() / MINUTE) * MINUTE;
  const model = useSaleModel(setup, basket.card ? card : null, at);
  const locked = hasTakings(basket);
  // Offline, only the rewards within what the card may still spend offline today.
  const offlineLeft = useOfflineAllowanceLeft(db, setup, basket.card, sync.online, at);
  const offered = model.rewards.filter(
    (offer) => offlineLeft === null || offer.reward.points <= offlineLeft,
  );
  const tierName =
    setup.program?.tiers.find((tier) => tier.id === card?.standing.tier)?.name ?? null;
  const [cardPrefixes, setCardPrefixes] = useState<string[]>([]);
  useEffect(() => {
    void readBlocks(db).then(({ blocks }) => setCardPrefixes(blocks.map((b) => b.prefix)));
  }, [db]);

  const focusScan = () => scanInput.current?.focus();
  const say = (text: Said | null, tone: 'error' | 'info' = 'error') =>
    entry.say(text ? { text, tone } : null);

  const complete = async () => {
    // Promotions are worked out again at the instant the sale is recorded: the one the server checks.
    const recordedAt = engine.deviceNow();
    const { loyalty } = saleModelFor(
      setup,
      basket.card ? card : null,
      basket.items,
      basket.pointsTenders,
      recordedAt,
      basket.reward ?? null,
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
      reward: basket.reward ?? null,
    });
    basket.finish(fact.id);
  };
  const tenders = useTenderActions({ engine, db, setup, model, card, onComplete: complete });
  const control = useTransactionControl({ engine, db, setup, staff, model, card, say });
  const rewards = useRewardActions({ engine, db, setup, model, card, offered, focusScan });
  useRewardKeys(rewards);

  const takeCard = async (number: string) => {
    if (locked) return say(() => i18next.t('register.card.lockedByTenders'));
    const summary = await engine.lookupCard(number);
    const info = await readCard(db, summary, number, {
      version: sync.version,
      at: engine.serverNow(),
      program: setup.program,
    });
    if (!info) return say(() => i18next.t('register.card.unknown'));
    // Taken by the card panel's read only when the number changes (else that read does not run).
    if (number !== cardNumber) checkedCard.current = info;
    basket.setCard(number);
    if (info.status !== 'active')
      return say(() => i18next.t(`register.card.refused.${info.status}`));
    say(
      () =>
        i18next.t('register.card.taken', {
          name: info.customer?.name ?? t('register.card.anonymous'),
        }),
      'info',
    );
  };

  const typedCard = (text: string) => {
    const checked = checkCardNumber(text);
    if (!checked.ok)
      say(() =>
        checked.problem === 'checkDigit'
          ? i18next.t('register.card.typo')
          : i18next.t('register.card.format'),
      );
    else void takeCard(checked.number);
    focusScan();
  };

  const addProduct = (product: Product, quantity: number) => {
    if (locked) return say(() => i18next.t('register.basket.lockedByTenders'));
    basket.addProduct(product.id, quantity);
    entry.setQuantity(null);
    say(() => i18next.t('register.basket.added', { count: quantity, name: product.name }), 'info');
  };

  const onScan = (code: string) => {
    entry.setScan('');
    const route = routeScan(code, (c) => findProduct(setup, c), cardPrefixes, entry.quantity);
    switch (route.kind) {
      case 'product':
        return addProduct(route.product, route.quantity);
      case 'card':
        return void takeCard(route.number);
      case 'cardTypo':
        return say(() => i18next.t('register.card.typo'));
      case 'receipt':
        // A return is made on its own, never in the middle of a sale.
        if (hasContent(basket)) return say(() => i18next.t('register.returns.saleOpen'));
        return onReceipt(route.number);
      case 'quantity':
        entry.setQuantity(route.quantity);
        return say(
          () => i18next.t('register.basket.quantityNext', { count: route.quantity }),
          'info',
        );
      case 'badQuantity':
        return say(() => i18next.t('register.basket.badQuantity'));
      case 'unknown':
        return say(() => i18next.t('register.basket.unknownProduct', { code: route.code }));
    }
  };

  const isCode = (code: string) => {
    const kind = routeScan(code, (c) => findProduct(setup, c), cardPrefixes, null).kind;
    return kind === 'product' || kind === 'card' || kind === 'receipt';
  };
  useWedgeScanner(scanInput, entry.type, onScan, isCode);
  useFocusHome(scanInput);
  useSaleKeys({
    voidLine: () => control.askVoidLine(basket.selected),
    voidSale: control.askVoidSale,
    card: () => cardInput.current?.focus(),
    scan: focusScan,
    cash: tenders.payCash,
    cardPayment: tenders.payCard,
    // Once the sale is complete, F9 again starts the next one.
    complete: showingReceipt ? basket.startNew : tenders.complete,
    points: tenders.payPoints,
    suspend: () => void control.suspend(),
    recall: control.askRecall,
  });
  // Whatever a dialog or an action did, the scan field takes the next scan.
  useEffect(() => {
    if (!control.dialog) focusScan();
  }, [control.dialog, basket.items.length, basket.completed, basket.reward]);

  const names = (product: string) => setup.products.get(product.toUpperCase())?.name ?? product;
  const currency = setup.store.currency;
  const receiptTotal = completed ? parseAmount(completed.receipt.total, currency) : 0;
  const receiptPaid = completed
    ? completed.receipt.tenders.reduce(
        (sum, tender) => sum + parseAmount(tender.amount, currency),
        0,
      )
    : 0;

  return (
    <div className="sale">
      <div className="sale-main">
        <ScanField
          inputRef={scanInput}
          onSubmit={onScan}
          onArrow={basket.moveSelection}
          onEmptyEnter={showingReceipt ? basket.startNew : undefined}
        />
        <div className="lines">
          {showingReceipt ? (
            <div className="receipt-view">
              <Receipt
                fact={completed}
                store={setup.store}
                card={card}
                names={names}
                rewardName={(id) => setup.rewards.find((r) => r.id === id)?.name ?? id}
                onPrint={() => void printReceipt().then(focusScan)}
              />
            </div>
          ) : (
            <BasketTable
              lines={model.lines}
              schemes={model.loyalty.schemes}
              earning={model.earning}
              currency={currency}
              locked={locked}
              rewardName={basket.reward?.name ?? null}
              onVoidLine={(id) => control.askVoidLine(id)}
            />
          )}
        </div>
        {!showingReceipt && (
          <QuickKeys
            setup={setup}
            disabled={locked}
            onProduct={(product) => addProduct(product, entry.quantity ?? 1)}
          />
        )}
        {!showingReceipt && (
          <p className="points-total" data-testid="sale-points">
            {t('register.sale.earns', { points: pointsText(model.earning?.earned ?? {}) })}
          </p>
        )}
        <div className="find-slot">
          <FindSlot
            engine={engine}
            setup={setup}
            disabled={locked}
            onProduct={(product) => addProduct(product, entry.quantity ?? 1)}
            onCard={async (number) => {
              await takeCard(number);
              return null;
            }}
          />
        </div>
        <TransactionBar
          showingReceipt={showingReceipt}
          hasBasket={hasContent(basket)}
          hasLine={basket.selected !== null && !locked}
          suspendedCount={control.suspendedCount}
          onVoidLine={() => control.askVoidLine(basket.selected)}
          onVoidSale={control.askVoidSale}
          onSuspend={() => void control.suspend()}
          onRecall={control.askRecall}
          onNext={basket.startNew}
        />
      </div>
      <aside className="sale-side">
        <CardEntry inputRef={cardInput} onCard={typedCard} disabled={locked} />
        {card && (
          <CardPanel
            card={card}
            tierName={tierName}
            canCover={model.canCover}
            currency={currency}
            onRemove={locked || showingReceipt ? undefined : () => basket.setCard(null)}
          />
        )}
        {!showingReceipt && (
          <RewardList
            offered={offered}
            applied={basket.reward ?? null}
            currency={currency}
            busy={rewards.busy}
            onApply={rewards.apply}
            onRemove={rewards.remove}
          />
        )}
        {showingReceipt ? (
          <Totals
            total={receiptTotal}
            due={0}
            change={Math.max(0, receiptPaid - receiptTotal)}
            currency={currency}
          />
        ) : (
          <>
            <Totals
              total={model.total}
              due={tenders.due}
              change={tenders.change}
              currency={currency}
            />
            <Tenders model={model} card={card} currency={currency} actions={tenders} />
          </>
        )}
      </aside>
      {control.dialog?.kind === 'void' && (
        <VoidDialog
          title={control.dialog.title}
          setup={setup}
          needsManager={control.dialog.needsManager}
          onConfirm={control.confirmVoid}
          onCancel={control.closeDialog}
        />
      )}
      {control.dialog?.kind === 'recall' && (
        <RecallDialog
          baskets={control.dialog.baskets}
          currency={currency}
          onRecall={(id) => void control.recall(id)}
          onCancel={control.closeDialog}
        />
      )}
    </div>
  );
}
