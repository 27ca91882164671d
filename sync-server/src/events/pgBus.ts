import pg from 'pg';
import type { Pool } from 'pg';
import { SyncEvent } from '../../../shared/protocol/sync';
import type { Database } from '../db/database';
import { describeError } from '../db/errors';
import { processLogger, type Logger } from '../observability/logger';
import { localBus, type EventBus } from './bus';

/** The PostgreSQL channel every replica listens on. */
export const EVENTS_CHANNEL = 'loyalty_sync_events';

const RECONNECT_MS = 1_000;

/**
 * The bus for a database: on PostgreSQL, NOTIFY/LISTEN so an event published by any replica reaches
 * the SSE streams of all of them; on the embedded PGlite, which only one process can open, the
 * local bus.
 */
export async function eventBusFor(
  database: Database,
  log: Logger = processLogger(),
): Promise<EventBus> {
  return database.native.kind === 'postgres'
    ? postgresBus(database.native, log.child({ component: 'events' }))
    : localBus();
}

/**
 * Publishing is a NOTIFY through the pool; each process LISTENs on a connection of its own (to
 * PostgreSQL directly: a transaction pooler would not keep it listening) and
 * delivers what arrives (its own events included) to its subscribers. A lost listening connection
 * is opened again; events sent while it was down are lost, which SSE clients tolerate: they catch
 * up from the feed when they reconnect.
 */
export async function postgresBus(
  { pool, sessionPool }: { pool: Pool; sessionPool: Pool },
  log: Logger,
): Promise<EventBus> {
  const local = localBus();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    const parsed = SyncEvent.safeParse(safeJson(message.payload));
    if (parsed.success) local.deliver(parsed.data);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client(sessionPool.options);
    next.on('notification', onNotification);
    next.on('error', (error) => {
      log.warn({ err: error }, `listening connection failed: ${error.message}`);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      scheduleReconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  }

  function scheduleReconnect() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        log.warn({ err: error }, `cannot listen again yet: ${describeError(error)}`);
        scheduleReconnect();
      });
    }, RECONNECT_MS);
  }

  await connect();
  return {
    async publish(event) {
      await pool.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)]);
    },
    async publishAll(events) {
      if (events.length === 0) return;
      await pool.query('select pg_notify($1, e) from unnest($2::text[]) as e', [
        EVENTS_CHANNEL,
        events.map((event) => JSON.stringify(event)),
      ]);
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      closed = true;
      clearTimeout(retry);
      await local.close();
      await client?.end();
      client = null;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
