import { minor } from '../../../shared/units/integers';
import type { SaleFact } from '../../../shared/protocol/sync';
import { readCard } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import { loadStoreSetup, type StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { completeSale, type CompletedSale } from './completeSale';
import { saleModelFor } from './saleModel';

export interface ScriptedSale {
  readonly staff: string;
  readonly card: string | null;
  readonly items: readonly { readonly product: string; readonly quantity: number }[];
}

/**
 * A cash sale prepared through the same steps as the sale screen while the cashier scans (card
 * read with this register's own facts, pricing, earning), ready for `completeSale`.
 */
export async function prepareScriptedSale(
  engine: SyncEngine,
  db: RegisterDb,
  sale: ScriptedSale,
  setup?: StoreSetup,
): Promise<CompletedSale> {
  const identity = engine.identity();
  if (!identity) throw new Error('this register is not enrolled');
  const store = setup ?? (await loadStoreSetup(db, identity.store));
  if (!store) throw new Error('the store data has not loaded yet');
  const at = engine.serverNow();
  const card = sale.card
    ? await readCard(db, await engine.lookupCard(sale.card), sale.card, {
        version: engine.getState().version,
        at,
        program: store.program,
      })
    : null;
  const items = sale.items.map((item, i) => ({ id: String(i + 1), ...item }));
  const recordedAt = engine.deviceNow();
  const model = saleModelFor(store, card, items, [], recordedAt);
  return {
    saleId: crypto.randomUUID(),
    staff: sale.staff,
    card,
    loyalty: model.loyalty,
    at: recordedAt,
    lines: model.lines,
    pointsTenders: [],
    moneyTenders: [{ id: crypto.randomUUID(), kind: 'cash', amount: minor(model.total) }],
    reward: null,
  };
}

/** A whole scripted sale, prepared and completed (for diagnostics and benchmarks). */
export async function sellScripted(
  engine: SyncEngine,
  db: RegisterDb,
  sale: ScriptedSale,
  setup?: StoreSetup,
): Promise<SaleFact> {
  return completeSale(engine, await prepareScriptedSale(engine, db, sale, setup));
}
