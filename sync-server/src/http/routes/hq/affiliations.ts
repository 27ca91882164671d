import { asc, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import type { Affiliation } from '../../../../../shared/domain/master';
import type { Session } from '../../../db/database';
import { affiliations } from '../../../db/schema';
import { api } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Wire = z.infer<typeof Affiliation>;
type Row = typeof affiliations.$inferSelect;

const toWire = (row: Row): Wire => ({
  id: row.id,
  name: row.name,
  hiddenInStores: row.hiddenInStores,
});

const read = async (session: Session, id: string) => {
  const [row] = await session.db.select().from(affiliations).where(eq(affiliations.id, id));
  return row ? toWire(row) : null;
};

/** Affiliations (memberships such as "Veteran"), some hidden from cashiers: `/api/hq/affiliations`. */
export const affiliationRoutes = crudRoutes<Wire, Wire, Omit<Wire, 'id'>>({
  routes: api.hq.affiliations,
  name: 'affiliation',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(affiliations)
      .where(after === undefined ? undefined : gt(affiliations.id, after))
      .orderBy(asc(affiliations.id))
      .limit(limit);
    return rows.map(toWire);
  },
  read,
  async create(tx, body, now) {
    await tx.db.insert(affiliations).values({ ...body, createdAt: now, updatedAt: now });
  },
  async update(tx, id, body, now) {
    const updated = await tx.db
      .update(affiliations)
      .set({ name: body.name, hiddenInStores: body.hiddenInStores, updatedAt: now })
      .where(eq(affiliations.id, id))
      .returning({ id: affiliations.id });
    return updated.length > 0;
  },
});
