import { getItem, listItems } from '../localdb/items';
import { factsWithStatus } from '../localdb/facts';
import { RegisterDb, type ItemCollection } from '../localdb/schema';
import { enrolmentFromFragment } from './enrolment';
import { SyncEngine } from './engine';
import { holdSyncLock } from './tabLock';
import { prepareScriptedSale, sellScripted, type ScriptedSale } from '../sale/scriptedSale';
import { completeSale, type CompletedSale } from '../sale/completeSale';
import { loadStoreSetup, type StoreSetup } from '../setup/storeSetup';
import { journalFacts, journalSynced } from '../bridge';
import { topUpBlocks } from '../manager/cardNumbers';

/** The register's one local database and sync engine for this page. */
export const registerDb = new RegisterDb();
export const syncEngine: SyncEngine = new SyncEngine({
  db: registerDb,
  onRecorded: journalFacts,
  onStored: journalSynced,
  // Card numbers are fetched whenever the register is online and short of them, not only when
  // the Cards screen opens, so a manager can issue cards offline right after enrolment.
  onPulled: (): Promise<number> => topUpBlocks(syncEngine, registerDb),
});

/**
 * Waits until this tab is the one that syncs (one per browser), then opens the database and
 * starts syncing; an enrolment handed over in the address (`#enrol=<code>`)
 * is taken and then removed from the address, so a reload does not trade the used code again.
 */
let booting: Promise<void> | null = null;

/** Boots once per page, however often a component asks. */
export function bootRegisterOnce(): Promise<void> {
  booting ??= bootRegister();
  return booting;
}

async function bootRegister(location: Location = window.location): Promise<void> {
  window.registerData = registerData;
  await holdSyncLock();
  await syncEngine.start();
  const handed = enrolmentFromFragment(location.hash);
  if (!handed) return;
  history.replaceState(null, '', location.pathname + location.search);
  if (syncEngine.getState().phase !== 'unenrolled') return;
  // A refused code is shown on the page from the engine's state; the page stays up to try again.
  await syncEngine
    .enrol(handed.kind === 'code' ? { code: handed.code } : handed, location.origin)
    .catch(() => undefined);
}

/**
 * The data layer as the browser's developer console, benchmarks and end-to-end tests reach it:
 * the same functions the screens use, never a second path to the data.
 */
export const registerData = {
  engine: syncEngine,
  db: registerDb,
  lookupCard: (number: string) => syncEngine.lookupCard(number),
  recordFact: syncEngine.recordFact.bind(syncEngine),
  getItem: <C extends ItemCollection>(collection: C, key: string) =>
    getItem(registerDb, collection, key),
  listItems: <C extends ItemCollection>(collection: C) => listItems(registerDb, collection),
  factsWithStatus: factsWithStatus.bind(null, registerDb),
  loadStoreSetup: (store: string) => loadStoreSetup(registerDb, store),
  sell: (sale: ScriptedSale, setup?: StoreSetup) =>
    sellScripted(syncEngine, registerDb, sale, setup),
  prepareSale: (sale: ScriptedSale, setup?: StoreSetup) =>
    prepareScriptedSale(syncEngine, registerDb, sale, setup),
  completeSale: (sale: CompletedSale) => completeSale(syncEngine, sale),
};

declare global {
  interface Window {
    registerData?: typeof registerData;
  }
}
