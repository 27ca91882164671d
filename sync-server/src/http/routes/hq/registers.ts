import { and, asc, eq, gt } from 'drizzle-orm';
import { api, type RegisterOut } from '../../../../../shared/protocol/api';
import type { Session } from '../../../db/database';
import { registers, stores } from '../../../db/schema';
import { pageOf } from '../../../hq/paging';
import { insertOnce } from '../../../hq/writes';
import type { RouteModule } from '../../app';
import { notFound } from '../../../errors';
import { serve } from '../../serve';

type Row = typeof registers.$inferSelect;
const iso = (date: Date | null) => (date === null ? null : date.toISOString());
const toWire = (row: Row): RegisterOut => ({
  id: row.id,
  store: row.storeId,
  name: row.name,
  enrolmentState: row.enrolmentState,
  enrolledAt: iso(row.enrolledAt),
  revokedAt: iso(row.revokedAt),
  lastSeenAt: iso(row.lastSeenAt),
});

async function requireStore(session: Session, store: string): Promise<void> {
  const [row] = await session.db.select({ id: stores.id }).from(stores).where(eq(stores.id, store));
  if (!row) throw notFound(`store ${store}`);
}

async function readRegister(session: Session, store: string, id: string): Promise<RegisterOut> {
  const [row] = await session.db
    .select()
    .from(registers)
    .where(and(eq(registers.storeId, store), eq(registers.id, id)));
  if (!row) throw notFound(`register ${id} of store ${store}`);
  return toWire(row);
}

/**
 * A store's registers: `/api/hq/stores/:store/registers`. Enrolment (codes, revocation) has its
 * own routes; here head office names them and sees their enrolment state.
 */
export const registerRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const routes = api.hq.registers;

  serve(app, routes.list, async ({ params: { store }, query: { limit, after } }) => {
    await requireStore(database, store);
    const rows = await database.db
      .select()
      .from(registers)
      .where(
        and(
          eq(registers.storeId, store),
          after === undefined ? undefined : gt(registers.id, after),
        ),
      )
      .orderBy(asc(registers.id))
      .limit(limit + 1);
    return pageOf(rows.map(toWire), limit, (r) => r.id);
  });

  serve(app, routes.get, async ({ params }) =>
    readRegister(database, params.store, params.register),
  );

  serve(app, routes.create, async ({ params: { store }, body }) =>
    database.transaction(async (tx) => {
      await requireStore(tx, store);
      const at = now();
      await insertOnce(
        () =>
          tx.db.insert(registers).values({
            id: body.id,
            storeId: store,
            name: body.name,
            createdAt: at,
            updatedAt: at,
          }),
        `register ${body.id} already exists`,
      );
      return readRegister(tx, store, body.id);
    }),
  );

  serve(app, routes.update, async ({ params: { store, register }, body }) => {
    const updated = await database.db
      .update(registers)
      .set({ name: body.name, updatedAt: now() })
      .where(and(eq(registers.storeId, store), eq(registers.id, register)))
      .returning({ id: registers.id });
    if (updated.length === 0) throw notFound(`register ${register} of store ${store}`);
    return readRegister(database, store, register);
  });
};
