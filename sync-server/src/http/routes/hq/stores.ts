import { asc, eq, gt } from 'drizzle-orm';
import type { Store } from '../../../../../shared/domain/master';
import type { Session } from '../../../db/database';
import { stores } from '../../../db/schema';
import { References } from '../../../hq/references';
import { invalidField } from '../../../errors';
import { api, type StoreOut } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Body = Omit<Store, 'id'>;
type Row = typeof stores.$inferSelect;

const toWire = (row: Row): StoreOut => ({
  id: row.id,
  name: row.name,
  currency: row.currency,
  timeZone: row.timeZone,
  program: row.programId,
  profile: row.profile,
  country: row.country,
  address: row.address,
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

async function columns(tx: Session, body: Body) {
  if (!isTimeZone(body.timeZone))
    throw invalidField(
      'invalidStore',
      'timeZone',
      'notTimeZone',
      `"${body.timeZone}" is not an IANA time zone`,
      { value: body.timeZone },
    );
  await new References().add('program', 'program', body.program).check(tx);
  return {
    name: body.name,
    currency: body.currency,
    timeZone: body.timeZone,
    programId: body.program,
    profile: body.profile,
    country: body.country ?? null,
    address: body.address ?? null,
  };
}

const read = async (session: Session, id: string) => {
  const [row] = await session.db.select().from(stores).where(eq(stores.id, id));
  return row ? toWire(row) : null;
};

/** Stores (channels) with their functionality profile: `/api/hq/stores`. */
export const storeRoutes = crudRoutes<StoreOut, Store, Body>({
  routes: api.hq.stores,
  name: 'store',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(stores)
      .where(after === undefined ? undefined : gt(stores.id, after))
      .orderBy(asc(stores.id))
      .limit(limit);
    return rows.map(toWire);
  },
  read,
  async create(tx, body, now) {
    const values = await columns(tx, body);
    await tx.db.insert(stores).values({ id: body.id, ...values, createdAt: now, updatedAt: now });
  },
  async update(tx, id, body, now) {
    const values = await columns(tx, body);
    const updated = await tx.db
      .update(stores)
      .set({ ...values, updatedAt: now })
      .where(eq(stores.id, id))
      .returning({ id: stores.id });
    return updated.length > 0;
  },
});
