import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { staff, stores, tiers } from '../db/schema';
import { rewardVersion } from '../hq/rewards';
import { schemeVersion, type StoredSchemeVersion } from '../hq/schemeVersion';
import type { RewardRules } from '../../../shared/engine/model';
import type { TierDiscount } from '../../../shared/checkout/pricing';
import type { StoreRow } from './lookups';
import {
  readSentProducts,
  readSentTierDiscounts,
  type CatalogueWindow,
  type SentProduct,
  type SentTierDiscount,
} from './catalogue';

/** Where a member of staff may work, as a receipt naming them is checked against. */
export interface StaffPlaces {
  readonly role: string;
  readonly stores: readonly string[];
}

/**
 * The master data a posting check reads (stores, staff, scheme versions, tier levels): head office
 * edits it, facts never change it. Posting reads it through this interface so a run of many facts
 * can read each item once.
 */
export interface MasterData {
  store(id: string): Promise<StoreRow | null>;
  staffExists(id: string): Promise<boolean>;
  /** The member of staff's role and stores, or null when unknown. */
  staffPlaces(id: string): Promise<StaffPlaces | null>;
  /** Every product form the store's registers could hold within the window (catalogue.ts). */
  sentProducts(storeId: string, window: CatalogueWindow | null): Promise<readonly SentProduct[]>;
  schemeVersion(id: string, version: number, currency: string): Promise<StoredSchemeVersion | null>;
  /** One version of a reward of the catalogue, in the store's currency, or null when unknown. */
  rewardVersion(id: string, version: number, currency: string): Promise<RewardRules | null>;
  /** Each tier of the program with its level. */
  tierLevels(programId: string): Promise<ReadonlyMap<string, number>>;
  /** Each tier of the program with the discount it gives (null: none). */
  tierDiscounts(programId: string): Promise<ReadonlyMap<string, TierDiscount | null>>;
  /** Every discount each tier gave in the versions the store's registers could hold. */
  sentTierDiscounts(
    storeId: string,
    programId: string,
    window: CatalogueWindow | null,
  ): Promise<readonly SentTierDiscount[]>;
}

async function readStore(tx: Session, id: string): Promise<StoreRow | null> {
  const [row] = await tx.db.select().from(stores).where(eq(stores.id, id));
  return row ?? null;
}

async function readStaffExists(tx: Session, id: string): Promise<boolean> {
  const [row] = await tx.db.select({ id: staff.id }).from(staff).where(eq(staff.id, id));
  return row !== undefined;
}

async function readStaffPlaces(tx: Session, id: string): Promise<StaffPlaces | null> {
  const [row] = await tx.db
    .select({ role: staff.role, stores: staff.stores })
    .from(staff)
    .where(eq(staff.id, id));
  return row ?? null;
}

async function readTierLevels(tx: Session, programId: string): Promise<Map<string, number>> {
  const rows = await tx.db
    .select({ id: tiers.id, level: tiers.level })
    .from(tiers)
    .where(eq(tiers.programId, programId));
  return new Map(rows.map((t) => [t.id, t.level]));
}

async function readTierDiscounts(
  tx: Session,
  programId: string,
): Promise<Map<string, TierDiscount | null>> {
  const rows = await tx.db
    .select({ id: tiers.id, discount: tiers.discount })
    .from(tiers)
    .where(eq(tiers.programId, programId));
  return new Map(rows.map((t) => [t.id, t.discount ?? null]));
}

/** Master data read afresh in the caller's transaction, item by item. */
export function masterDataOf(tx: Session): MasterData {
  return {
    store: (id) => readStore(tx, id),
    staffExists: (id) => readStaffExists(tx, id),
    staffPlaces: (id) => readStaffPlaces(tx, id),
    sentProducts: (storeId, window) => readSentProducts(tx, storeId, window),
    schemeVersion: (id, version, currency) => schemeVersion(tx, id, version, currency),
    rewardVersion: (id, version, currency) => rewardVersion(tx, id, version, currency),
    tierLevels: (programId) => readTierLevels(tx, programId),
    tierDiscounts: (programId) => readTierDiscounts(tx, programId),
    sentTierDiscounts: (storeId, programId, window) =>
      readSentTierDiscounts(tx, storeId, programId, window),
  };
}

/**
 * Master data for one posting run: each item is read once, in the transaction current at the time,
 * and kept for the run. Only what exists is kept, so an item created during the run is found.
 */
export class RunMasterData implements MasterData {
  private session: Session | null = null;
  private readonly cache = new Map<string, unknown>();

  /** The transaction the next reads go through. */
  use(tx: Session): this {
    this.session = tx;
    return this;
  }

  private async cached<T>(
    key: string,
    read: (tx: Session) => Promise<T | null>,
  ): Promise<T | null> {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    if (!this.session) throw new Error('posting master data read outside a transaction');
    const value = await read(this.session);
    if (value !== null) this.cache.set(key, value);
    return value;
  }

  store(id: string) {
    return this.cached(`store:${id}`, (tx) => readStore(tx, id));
  }

  async staffExists(id: string) {
    return (
      (await this.cached(`staff:${id}`, async (tx) =>
        (await readStaffExists(tx, id)) ? true : null,
      )) ?? false
    );
  }

  staffPlaces(id: string) {
    return this.cached(`staffPlaces:${id}`, (tx) => readStaffPlaces(tx, id));
  }

  async sentProducts(storeId: string, window: CatalogueWindow | null) {
    const key = `sentProducts:${storeId}:${window?.from ?? ''}:${window?.to ?? ''}`;
    return (await this.cached(key, (tx) => readSentProducts(tx, storeId, window))) ?? [];
  }

  schemeVersion(id: string, version: number, currency: string) {
    return this.cached(`scheme:${id}:${version}:${currency}`, (tx) =>
      schemeVersion(tx, id, version, currency),
    );
  }

  rewardVersion(id: string, version: number, currency: string) {
    return this.cached(`reward:${id}:${version}:${currency}`, (tx) =>
      rewardVersion(tx, id, version, currency),
    );
  }

  async tierLevels(programId: string) {
    return (
      (await this.cached(`tiers:${programId}`, (tx) => readTierLevels(tx, programId))) ??
      new Map<string, number>()
    );
  }

  async tierDiscounts(programId: string) {
    return (
      (await this.cached(`tierDiscounts:${programId}`, (tx) => readTierDiscounts(tx, programId))) ??
      new Map<string, TierDiscount | null>()
    );
  }

  async sentTierDiscounts(storeId: string, programId: string, window: CatalogueWindow | null) {
    const key = `sentTiers:${storeId}:${programId}:${window?.from ?? ''}:${window?.to ?? ''}`;
    return (
      (await this.cached(key, (tx) => readSentTierDiscounts(tx, storeId, programId, window))) ?? []
    );
  }
}
