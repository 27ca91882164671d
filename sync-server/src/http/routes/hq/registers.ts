import { and, asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { Id, IsoInstant } from '../../../../../shared/domain/common';
import { Register } from '../../../../../shared/domain/master';
import type { Session } from '../../../db/database';
import { ENROLMENT_STATES, registers, stores } from '../../../db/schema';
import { PageQuery, pageOf, pageSchema } from '../../../hq/paging';
import { insertOnce } from '../../../hq/writes';
import type { RouteModule } from '../../app';
import { notFound } from '../../../errors';
import { requireStaff } from '../../../auth/principal';

const RegisterOut = Register.extend({
  enrolmentState: z.enum(ENROLMENT_STATES),
  enrolledAt: IsoInstant.nullable(),
  revokedAt: IsoInstant.nullable(),
  lastSeenAt: IsoInstant.nullable(),
});
type RegisterOut = z.infer<typeof RegisterOut>;
const CreateRegister = Register.omit({ store: true });
const UpdateRegister = Register.omit({ store: true, id: true });
const StoreParams = z.object({ store: Id });
const RegisterParams = z.object({ store: Id, register: Id });
const tags = ['registers'];

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

  app.get(
    '/api/hq/stores/:store/registers',
    {
      schema: {
        tags,
        params: StoreParams,
        querystring: PageQuery,
        response: { 200: pageSchema(RegisterOut) },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { store } = request.params;
      const { limit, after } = request.query;
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
    },
  );

  app.get(
    '/api/hq/stores/:store/registers/:register',
    { schema: { tags, params: RegisterParams, response: { 200: RegisterOut } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return readRegister(database, request.params.store, request.params.register);
    },
  );

  app.post(
    '/api/hq/stores/:store/registers',
    { schema: { tags, params: StoreParams, body: CreateRegister, response: { 201: RegisterOut } } },
    async (request, reply) => {
      requireStaff(request.principal, 'headOffice');
      const { store } = request.params;
      const created = await database.transaction(async (tx) => {
        await requireStore(tx, store);
        const at = now();
        await insertOnce(
          () =>
            tx.db.insert(registers).values({
              id: request.body.id,
              storeId: store,
              name: request.body.name,
              createdAt: at,
              updatedAt: at,
            }),
          `register ${request.body.id} already exists`,
        );
        return readRegister(tx, store, request.body.id);
      });
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/hq/stores/:store/registers/:register',
    {
      schema: {
        tags,
        params: RegisterParams,
        body: UpdateRegister,
        response: { 200: RegisterOut },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { store, register } = request.params;
      const updated = await database.db
        .update(registers)
        .set({ name: request.body.name, updatedAt: now() })
        .where(and(eq(registers.storeId, store), eq(registers.id, register)))
        .returning({ id: registers.id });
      if (updated.length === 0) throw notFound(`register ${register} of store ${store}`);
      return readRegister(database, store, register);
    },
  );
};
