import type {
  DistributedCatalogue,
  DistributedProduct,
} from '../../../shared/checkout/receiptChecks';
import type { TierDiscount } from '../../../shared/checkout/pricing';
import type { Program } from '../../../shared/domain/loyalty';
import type { Session } from '../db/database';

/** One form of a product a distribution version sent a store. */
export interface SentProduct extends DistributedProduct {
  readonly product: string;
}

/**
 * The distribution versions a register could have priced a fact at, both included (PRODUCT 5: the
 * re-check uses the catalogue the register had). A register moves forward only: a fact made after
 * its last quiet contact was priced at the version it reported holding then (`from`) or a later
 * one, never at one the store was sent after the fact arrived (`to`). A register that never told
 * its version is held to the latest (ingest/catalogueWindow.ts).
 */
export interface CatalogueWindow {
  readonly from: number;
  readonly to: number;
}

/** The window a fact was stored with; null for facts stored before windows were kept. */
export function windowOf(row: {
  readonly catalogueFrom: number | null;
  readonly catalogueTo: number | null;
}): CatalogueWindow | null {
  if (row.catalogueFrom === null || row.catalogueTo === null) return null;
  return { from: row.catalogueFrom, to: row.catalogueTo };
}

/**
 * Every form of each item of one collection (`$4`: product, program) the store's registers could
 * hold within the window: the one version `from` left them (distribution_state for an item not
 * changed since, else its last change up to then), and every change sent after it up to version
 * `to`. A null window reads the latest version only. Deleted items have no form.
 */
const SENT_FORMS = `
  with latest as (
    select coalesce(max(version), 0) as version from distribution_versions where store_id = $1
  ),
  bounds as (
    select coalesce((select v.last_seq from distribution_versions v where v.store_id = $1
                      and v.version = least(coalesce($2::integer, l.version),
                                            coalesce($3::integer, l.version))), 0) as from_seq,
           coalesce((select v.last_seq from distribution_versions v where v.store_id = $1
                      and v.version = coalesce($3::integer, l.version)), 0) as to_seq
      from latest l
  ),
  later as (
    select c.seq, c.entity_id, c.op, c.body from distribution_changes c, bounds b
     where c.store_id = $1 and c.entity = $4 and c.seq > b.from_seq
  ),
  held as (
    select c.entity_id, c.op, c.body
      from distribution_state st join distribution_changes c on c.seq = st.seq, bounds b
     where st.store_id = $1 and st.entity = $4 and st.seq <= b.from_seq
    union all
    select p.entity_id, p.op, p.body
      from (select distinct entity_id from later) changed, bounds b,
      lateral (select c.entity_id, c.op, c.body from distribution_changes c
                where c.store_id = $1 and c.entity = $4 and c.entity_id = changed.entity_id
                  and c.seq <= b.from_seq
                order by c.seq desc limit 1) p
  ),
  forms as (
    select entity_id, op, body from held
    union all
    select l.entity_id, l.op, l.body from later l, bounds b where l.seq <= b.to_seq
  )
  select entity_id as id, body from forms where op = 'upsert'`;

async function readSentForms<T>(
  tx: Session,
  storeId: string,
  collection: 'product' | 'program',
  window: CatalogueWindow | null,
): Promise<{ id: string; body: T }[]> {
  const result = await tx.query<{ id: string; body: T }>(SENT_FORMS, [
    storeId,
    window?.from ?? null,
    window?.to ?? null,
    collection,
  ]);
  return result.rows;
}

export async function readSentProducts(
  tx: Session,
  storeId: string,
  window: CatalogueWindow | null,
): Promise<SentProduct[]> {
  const forms = await readSentForms<DistributedProduct>(tx, storeId, 'product', window);
  return forms.map(({ id, body }) => ({
    product: id,
    price: body.price,
    category: body.category,
    vatRate: body.vatRate ?? null,
  }));
}

/** One tier's discount as a distribution version sent it to the store (null: none). */
export interface SentTierDiscount {
  readonly tier: string;
  readonly discount: TierDiscount | null;
}

/**
 * Every discount each tier of the program gave in the versions the store's registers could hold
 * within the window: a register prices with the tiers it was sent, not with head office's edit
 * that has not reached it (or that came after the sale).
 */
export async function readSentTierDiscounts(
  tx: Session,
  storeId: string,
  programId: string,
  window: CatalogueWindow | null,
): Promise<SentTierDiscount[]> {
  const forms = await readSentForms<Pick<Program, 'tiers'>>(tx, storeId, 'program', window);
  const seen = new Map<string, SentTierDiscount>();
  for (const { id, body } of forms) {
    if (id !== programId) continue;
    for (const tier of body.tiers) {
      const discount = tier.discount ?? null;
      seen.set(`${tier.id}:${JSON.stringify(discount)}`, { tier: tier.id, discount });
    }
  }
  return [...seen.values()];
}

/**
 * The catalogue the store's registers were sent, by product. Null when the store was never sent a
 * product: there is nothing to check against, and its registers cannot have scanned one.
 */
export function catalogueOf(sent: readonly SentProduct[]): DistributedCatalogue | null {
  if (sent.length === 0) return null;
  const catalogue = new Map<string, DistributedProduct[]>();
  for (const item of sent) {
    const forms = catalogue.get(item.product) ?? [];
    forms.push({ price: item.price, category: item.category, vatRate: item.vatRate });
    catalogue.set(item.product, forms);
  }
  return catalogue;
}
