import type { PageQuery, RouteContract } from '../../../../../shared/protocol/api';
import type { SyncEvent } from '../../../../../shared/protocol/sync';
import type { ServerContext } from '../../../context';
import type { Session } from '../../../db/database';
import { tellRegisters } from '../../../distribution/cardsNow';
import { pageOf } from '../../../hq/paging';
import { insertOnce } from '../../../hq/writes';
import type { App } from '../../app';
import { invalidField, notFound } from '../../../errors';
import { serve } from '../../serve';

/**
 * One head office resource kept under `path`: list (keyset paged by id), read, create (409 when
 * the id is taken) and update (a full replacement, 404 when unknown). Head office only.
 */
export interface CrudResource<Wire, Create extends { id: string }, Update> {
  /** The resource's four routes in the API contract (shared/protocol/api/hq.ts). */
  readonly routes: CrudRoutes;
  /** For messages: "reward point", "store"... */
  readonly name: string;
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

/** The list, read, create and update entries of one resource. */
export interface CrudRoutes {
  readonly list: RouteContract;
  readonly get: RouteContract;
  readonly create: RouteContract;
  readonly update: RouteContract;
}

export function crudRoutes<Wire, Create extends { id: string }, Update>(
  resource: CrudResource<Wire, Create, Update>,
) {
  return (app: App, context: ServerContext): void => {
    const { database } = context;
    const now = () => new Date(context.clock.now());
    const { routes } = resource;
    const readOrFail = async (session: Session, id: string) => {
      const item = await resource.read(session, id);
      if (!item) throw notFound(`${resource.name} ${id}`);
      return item;
    };
    // Typed loosely (the entries are typed by resource, this factory by Wire): the zod compilers
    // still validate each request and reply with the entry's schemas at run time.
    const idOf = (params: unknown) => (params as { id: string }).id;

    serve(app, routes.list, async ({ query }) => {
      const { limit, after } = query as PageQuery;
      const rows = await resource.list(database, limit + 1, after);
      return pageOf(rows, limit, resource.key);
    });

    serve(app, routes.get, async ({ params }) => readOrFail(database, idOf(params)));

    serve(app, routes.create, async ({ body: sent }) => {
      const body = sent as Create;
      return database.transaction(async (tx) => {
        await insertOnce(
          () => resource.create(tx, body, now()),
          `${resource.name} ${body.id} already exists (or another of its unique keys is taken)`,
        );
        return readOrFail(tx, body.id);
      });
    });

    serve(app, routes.update, async ({ params, body: sent }) => {
      const id = idOf(params);
      const body = sent as Update & { id?: string };
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
    });
  };
}
