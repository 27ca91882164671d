import { asc, eq, gt } from 'drizzle-orm';
import { hashPin } from '../../../auth/secrets';
import type { Session } from '../../../db/database';
import { staff } from '../../../db/schema';
import { References } from '../../../hq/references';
import {
  api,
  type CreateStaff,
  type StaffMember,
  type UpdateStaff,
} from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

type Row = typeof staff.$inferSelect;

const toWire = (row: Row): StaffMember => ({
  id: row.id,
  name: row.name,
  role: row.role,
  stores: row.stores,
  active: row.active,
});

async function columns(tx: Session, body: UpdateStaff) {
  const refs = new References();
  body.stores.forEach((store, i) => refs.add('store', `stores.${i}`, store));
  await refs.check(tx);
  return {
    name: body.name,
    role: body.role,
    stores: [...new Set(body.stores)],
    active: body.active,
  };
}

const read = async (session: Session, id: string) => {
  const [row] = await session.db.select().from(staff).where(eq(staff.id, id));
  return row ? toWire(row) : null;
};

/** Staff with their role, stores and PIN: `/api/hq/staff`. */
export const staffRoutes = crudRoutes<StaffMember, CreateStaff, UpdateStaff>({
  routes: api.hq.staff,
  name: 'staff member',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(staff)
      .where(after === undefined ? undefined : gt(staff.id, after))
      .orderBy(asc(staff.id))
      .limit(limit);
    return rows.map(toWire);
  },
  read,
  async create(tx, body, now) {
    const values = await columns(tx, body);
    await tx.db.insert(staff).values({
      id: body.id,
      ...values,
      // Only the hash is kept; registers check PINs offline against it.
      pinHash: await hashPin(body.pin),
      createdAt: now,
      updatedAt: now,
    });
  },
  async update(tx, id, body, now) {
    const values = await columns(tx, body);
    const updated = await tx.db
      .update(staff)
      .set({
        ...values,
        ...(body.pin === undefined ? {} : { pinHash: await hashPin(body.pin) }),
        updatedAt: now,
      })
      .where(eq(staff.id, id))
      .returning({ id: staff.id });
    return updated.length > 0;
  },
});
