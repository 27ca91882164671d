import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import { Id } from '../../../../../shared/domain/common';
import type { SyncEvent } from '../../../../../shared/protocol/sync';
import type { ServerContext } from '../../../context';
import type { Session } from '../../../db/database';
import { tellRegisters } from '../../../distribution/cardsNow';
import { PageQuery, pageOf, pageSchema } from '../../../hq/paging';
import { insertOnce } from '../../../hq/writes';
import type { App } from '../../app';
import { invalidField, notFound } from '../../../errors';
import { requireStaff } from '../../../auth/principal';

/**
 * One head office resource kept under `path`: list (keyset paged by id), read, create (409 when
 * the id is taken) and update (a full replacement, 404 when unknown). Head office only.
 */
export interface CrudResource<Wire, Create extends { id: string }, Update> {
  readonly path: string;
  readonly tag: string;
  /** For messages: "reward point", "store"... */
  readonly name: string;
  readonly wire: z.ZodType<Wire>;
  readonly createBody: z.ZodType<Create>;
  readonly updateBody: z.ZodType<Update>;
  /** Up to `limit` rows with ids after `after`, in id order. */
  list(session: Session, limit: number, after: string | undefined): Promise<Wire[]>;
  read(session: Session, id: string): Promise<Wire | null>;
  /** Checks references (400) and inserts; `now` is the server clock, for updated_at. */
  create(tx: Session, body: Create, now: Date): Promise<void>;
  /** Checks references (400) and updates; false when there is no such row. */
  update(tx: Session, id: string, body: Update, now: Date): Promise<boolean>;
  /** After an update, in its transaction: what to tell the registers once it is committed. */
  tell?(tx: Session, id: string): Promise<SyncEvent[]>;
  key(item: Wire): string;
}

const IdParams = z.object({ id: Id });
type IdParams = z.infer<typeof IdParams>;

export function crudRoutes<Wire, Create extends { id: string }, Update>(
  resource: CrudResource<Wire, Create, Update>,
) {
  return (app: App, context: ServerContext): void => {
    const { database } = context;
    const now = () => new Date(context.clock.now());
    // Typed loosely: the zod compilers still validate and serialize with these schemas at run
    // time, but TypeScript cannot resolve a reply type through the generic Wire.
    const schema = (parts: Omit<FastifySchema, 'tags'>): FastifySchema => ({
      tags: [resource.tag],
      ...parts,
    });
    const readOrFail = async (session: Session, id: string) => {
      const item = await resource.read(session, id);
      if (!item) throw notFound(`${resource.name} ${id}`);
      return item;
    };

    app.get(
      resource.path,
      { schema: schema({ querystring: PageQuery, response: { 200: pageSchema(resource.wire) } }) },
      async (request) => {
        requireStaff(request.principal, 'headOffice');
        const { limit, after } = request.query as PageQuery;
        const rows = await resource.list(database, limit + 1, after);
        return pageOf(rows, limit, resource.key);
      },
    );

    app.get(
      `${resource.path}/:id`,
      { schema: schema({ params: IdParams, response: { 200: resource.wire } }) },
      async (request) => {
        requireStaff(request.principal, 'headOffice');
        return readOrFail(database, (request.params as IdParams).id);
      },
    );

    app.post(
      resource.path,
      { schema: schema({ body: resource.createBody, response: { 201: resource.wire } }) },
      async (request, reply) => {
        requireStaff(request.principal, 'headOffice');
        const body = request.body as Create;
        const created = await database.transaction(async (tx) => {
          await insertOnce(
            () => resource.create(tx, body, now()),
            `${resource.name} ${body.id} already exists (or another of its unique keys is taken)`,
          );
          return readOrFail(tx, body.id);
        });
        return reply.status(201).send(created);
      },
    );

    app.put(
      `${resource.path}/:id`,
      {
        schema: schema({
          params: IdParams,
          body: resource.updateBody,
          response: { 200: resource.wire },
        }),
      },
      async (request) => {
        requireStaff(request.principal, 'headOffice');
        const { id } = request.params as IdParams;
        const body = request.body as Update & { id?: string };
        if (body.id !== undefined && body.id !== id)
          throw invalidField(
            'idMismatch',
            'id',
            'invalid',
            `the body names ${body.id} but the path ${id}`,
          );
        const { item, events } = await database.transaction(async (tx) => {
          const updated = await insertOnce(
            () => resource.update(tx, id, body, now()),
            `${resource.name} ${id}: another row already has one of its unique keys`,
          );
          if (!updated) throw notFound(`${resource.name} ${id}`);
          return { item: await readOrFail(tx, id), events: (await resource.tell?.(tx, id)) ?? [] };
        });
        await tellRegisters(context.events, events);
        return item;
      },
    );
  };
}
