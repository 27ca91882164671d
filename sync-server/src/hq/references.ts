import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Session } from '../db/database';
import {
  affiliations,
  customers,
  otherActivityTypes,
  products,
  programs,
  rewardPoints,
  stores,
  tiers,
} from '../db/schema';
import { fieldFault, invalidFields, type FieldFault } from '../errors';

const KINDS = {
  rewardPoint: { label: 'reward point', table: rewardPoints, id: rewardPoints.id },
  program: { label: 'program', table: programs, id: programs.id },
  tier: { label: 'tier', table: tiers, id: tiers.id },
  affiliation: { label: 'affiliation', table: affiliations, id: affiliations.id },
  store: { label: 'store', table: stores, id: stores.id },
  customer: { label: 'customer', table: customers, id: customers.id },
  product: { label: 'product', table: products, id: products.id },
  activityType: {
    label: 'other activity type',
    table: otherActivityTypes,
    id: otherActivityTypes.id,
  },
} satisfies Record<string, { label: string; table: PgTable; id: PgColumn }>;

export type ReferenceKind = keyof typeof KINDS;

/**
 * Collects the ids a body refers to (with the field that names each), then checks them all at
 * once: an unknown one answers 400 naming every field at fault, before anything is written.
 */
export class References {
  private readonly wanted: { kind: ReferenceKind; field: string; id: string }[] = [];

  add(kind: ReferenceKind, field: string, id: string | null | undefined): this {
    if (id !== null && id !== undefined) this.wanted.push({ kind, field, id });
    return this;
  }

  async check(session: Session): Promise<void> {
    const faults: FieldFault[] = [];
    for (const kind of Object.keys(KINDS) as ReferenceKind[]) {
      const refs = this.wanted.filter((ref) => ref.kind === kind);
      if (refs.length === 0) continue;
      const { table, id, label } = KINDS[kind];
      const ids = [...new Set(refs.map((ref) => ref.id))];
      const rows = await session.db.select({ id }).from(table).where(inArray(id, ids));
      const known = new Set(rows.map((row) => String(row.id)));
      for (const ref of refs)
        if (!known.has(ref.id))
          faults.push(
            fieldFault(ref.field, 'unknownReference', `unknown ${label} "${ref.id}"`, {
              value: ref.id,
            }),
          );
    }
    if (faults.length > 0) throw invalidFields('unknownReference', faults);
  }
}
