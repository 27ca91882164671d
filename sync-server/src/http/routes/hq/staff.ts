import { asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { Id } from '../../../../../shared/domain/common';
import { StaffRole } from '../../../../../shared/domain/master';
import { hashPin, PIN_PATTERN } from '../../../auth/secrets';
import type { Session } from '../../../db/database';
import { staff } from '../../../db/schema';
import { References } from '../../../hq/references';
import { crudRoutes } from './crud';

/** A member of staff as head office sees it: never the PIN, nor its hash. */
const StaffMember = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  role: StaffRole,
  stores: z.array(Id),
  active: z.boolean(),
});
type StaffMember = z.infer<typeof StaffMember>;

const Pin = z.string().regex(PIN_PATTERN, 'a PIN is 4 to 8 digits');
const CreateStaff = StaffMember.extend({ active: z.boolean().default(true), pin: Pin });
/** On update the PIN is optional: without one the current PIN stays. */
const UpdateStaff = CreateStaff.extend({ id: Id.optional(), pin: Pin.optional() });
type CreateStaff = z.infer<typeof CreateStaff>;
type UpdateStaff = z.infer<typeof UpdateStaff>;
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
  path: '/api/hq/staff',
  tag: 'staff',
  name: 'staff member',
  wire: StaffMember,
  createBody: CreateStaff,
  updateBody: UpdateStaff,
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
