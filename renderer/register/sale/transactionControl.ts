import i18next from 'i18next';
import { api } from '../../../shared/protocol/api';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PricedLine } from '../../../shared/checkout/pricing';
import type { VoidReason } from '../../../shared/protocol/sync';
import { minor } from '../../../shared/units/integers';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import { ApiError } from '../../common/api';
import { readCard, type CardInfo } from '../cards/cardInfo';
import type { RegisterDb, SuspendedRow } from '../localdb/schema';
import { putAside, suspendedBaskets, suspendedCount, takeUp } from '../localdb/suspended';
import type { SignedIn } from '../session/session';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { contentOf, hasContent, hasTakings, useBasket } from './basket';
import { useEntry, type Said } from './entry';
import { saleModelFor, type SaleModel } from './saleModel';

export type ControlDialog =
  | {
      readonly kind: 'void';
      readonly scope: 'line' | 'sale';
      readonly line: string | null;
      readonly title: string;
      readonly needsManager: boolean;
    }
  | { readonly kind: 'recall'; readonly baskets: readonly SuspendedRow[] };

/** Whether the store asks for a manager's PIN to void this much (its profile's limit). */
export function voidNeedsManager(setup: StoreSetup, amount: number): boolean {
  const limit = setup.store.profile.voidApprovalAbove;
  if (limit === null || limit === undefined) return false;
  return amount > parseAmount(limit, setup.store.currency);
}

const isUnreachable = (error: unknown) => error instanceof ApiError && error.status === 0;

/** Gives back the points reserved on the server for a basket's online points tenders. */
export async function releaseOnlineTenders(
  engine: SyncEngine,
  tenders: readonly { id: string; reservation: 'online' | 'offline' }[],
): Promise<void> {
  for (const tender of tenders)
    if (tender.reservation === 'online')
      await engine.api().route(api.sync.release, { params: { tender: tender.id } });
}

/**
 * Voids (a line or the whole sale, with a reason, recorded as a fact with its outbox row),
 * suspending and recalling baskets. Messages go to the sale's message line.
 */
export function useTransactionControl({
  engine,
  db,
  setup,
  staff,
  model,
  card,
  say,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  staff: SignedIn;
  model: SaleModel;
  card: CardInfo | null;
  say: (text: Said | null, tone?: 'error' | 'info') => void;
}) {
  const { t } = useTranslation();
  const basket = useBasket();
  const [dialog, setDialog] = useState<ControlDialog | null>(null);
  const [count, setCount] = useState(0);
  const currency = setup.store.currency;
  const refreshCount = useCallback(() => void suspendedCount(db).then(setCount), [db]);
  useEffect(refreshCount, [refreshCount, basket.saleId]);
  const locked = hasTakings(basket);

  const askVoidLine = (id: string | null) => {
    const line = model.lines.find((l) => l.id === id);
    if (!line) return say(() => i18next.t('register.void.noLine'));
    if (locked) return say(() => i18next.t('register.basket.lockedByTenders'));
    setDialog({
      kind: 'void',
      scope: 'line',
      line: line.id,
      title: t('register.void.lineTitle', { name: line.name }),
      needsManager: voidNeedsManager(setup, line.netAmount),
    });
  };

  const askVoidSale = () => {
    if (model.lines.length === 0) return say(() => i18next.t('register.void.noSale'));
    setDialog({
      kind: 'void',
      scope: 'sale',
      line: null,
      title: t('register.void.saleTitle'),
      needsManager: voidNeedsManager(setup, model.total),
    });
  };

  const recordVoid = (
    scope: 'line' | 'sale',
    lines: readonly PricedLine[],
    reason: VoidReason,
    approvedBy: string | null,
  ) =>
    engine.recordFact({
      id: crypto.randomUUID(),
      type: 'void',
      void: {
        sale: basket.saleId,
        scope,
        staff: staff.id,
        approvedBy,
        reason,
        card: card?.number ?? null,
        currency,
        lines: lines.map((line) => ({
          product: line.product,
          quantity: line.quantity,
          netAmount: formatAmount(line.netAmount, currency),
        })),
        total: formatAmount(minor(lines.reduce((sum, line) => sum + line.netAmount, 0)), currency),
      },
    });

  const confirmVoid = async (reason: VoidReason, approvedBy: string | null) => {
    const open = dialog;
    setDialog(null);
    if (open?.kind !== 'void') return;
    try {
      if (open.scope === 'line') {
        const line = model.lines.find((l) => l.id === open.line);
        if (!line) return;
        await recordVoid('line', [line], reason, approvedBy);
        basket.removeItem(line.id);
        return say(() => i18next.t('register.void.lineDone', { name: line.name }), 'info');
      }
      await releaseOnlineTenders(engine, [
        ...basket.pointsTenders,
        ...(basket.reward ? [basket.reward] : []),
      ]);
      await recordVoid('sale', model.lines, reason, approvedBy);
      basket.startNew();
      useEntry.getState().clear();
      say(() => i18next.t('register.void.saleDone'), 'info');
    } catch (error) {
      if (isUnreachable(error)) return say(() => i18next.t('register.void.releaseOffline'));
      const text = error instanceof Error ? error.message : String(error);
      say(() => text);
    }
  };

  const suspend = async () => {
    if (!hasContent(basket)) return say(() => i18next.t('register.suspend.nothing'));
    await putAside(db, contentOf(basket), staff.id, model.total, new Date(engine.serverNow()));
    basket.startNew();
    useEntry.getState().clear();
    refreshCount();
    say(() => i18next.t('register.suspend.done'), 'info');
  };

  const askRecall = () =>
    void (async () => {
      if (hasContent(basket)) return say(() => i18next.t('register.suspend.finishFirst'));
      const baskets = await suspendedBaskets(db);
      if (baskets.length === 0) return say(() => i18next.t('register.suspend.none'));
      setDialog({ kind: 'recall', baskets });
    })();

  const recall = async (saleId: string) => {
    setDialog(null);
    const content = await takeUp(db, saleId);
    refreshCount();
    if (!content) return say(() => i18next.t('register.suspend.gone'));
    basket.resume(content);
    say(() => i18next.t('register.suspend.recalled'), 'info');
  };

  return {
    dialog,
    suspendedCount: count,
    askVoidLine,
    askVoidSale,
    confirmVoid: (reason: VoidReason, approvedBy: string | null) =>
      void confirmVoid(reason, approvedBy),
    closeDialog: () => setDialog(null),
    suspend,
    askRecall,
    recall,
  };
}

/**
 * Signing out puts the basket in progress aside under the cashier who built it, so the next person
 * to sign in starts with an empty basket and recalls it only on purpose.
 */
export async function putAsideOnSignOut(
  engine: SyncEngine,
  db: RegisterDb,
  setup: StoreSetup | null,
  staff: SignedIn,
): Promise<void> {
  const state = useBasket.getState();
  useEntry.getState().clear();
  useEntry.getState().say(null);
  useEntry.getState().setQuantity(null);
  if (!hasContent(state)) return state.startNew();
  const content = contentOf(state);
  let total = 0;
  if (setup) {
    const at = engine.serverNow();
    const card = content.card
      ? await readCard(db, await engine.lookupCard(content.card), content.card, {
          version: engine.getState().version,
          at,
          program: setup.program,
        })
      : null;
    total = saleModelFor(
      setup,
      card,
      content.items,
      content.pointsTenders,
      at,
      content.reward ?? null,
    ).total;
  }
  await putAside(db, content, staff.id, total, new Date(engine.serverNow()));
  state.startNew();
}
