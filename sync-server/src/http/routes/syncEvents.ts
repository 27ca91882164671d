import type { ServerResponse } from 'node:http';
import { api } from '../../../../shared/protocol/api';
import type { SyncEvent } from '../../../../shared/protocol/sync';
import { latestVersion } from '../../distribution/feed';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';
import { serve } from '../serve';

export const KEEP_ALIVE_MS = 15_000;

/** What one register may hear: its store's distributions and its own facts' outcomes. */
export function isFor(register: { id: string; store: string }, event: SyncEvent): boolean {
  if (event.type === 'distribution') return event.store === register.store;
  return event.register === undefined || event.register === register.id;
}

const frame = (event: SyncEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Server-sent events for a register: `distribution` when its store has a new version (and the
 * latest one on connect, so a register that was away knows where things stand), `fact` when one of
 * its facts was posted or rejected. A comment every 15 s keeps proxies from closing the stream.
 */
export const syncEventsRoutes: RouteModule = (app, context) => {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves: end them so that closing the server does not wait forever.
  app.addHook('preClose', async () => {
    for (const response of open) response.end();
  });

  serve(app, api.sync.events, async ({ principal, request, reply }) => {
    const register = requireRegister(principal);
    const latest = await latestVersion(context.database, register.store);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(': connected\n\n');
    if (latest.version > 0)
      response.write(
        frame({ type: 'distribution', store: register.store, version: latest.version }),
      );
    const unsubscribe = context.events.subscribe((event) => {
      if (isFor(register, event)) response.write(frame(event));
    });
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    open.add(response);
    const cleanUp = () => {
      clearInterval(keepAlive);
      unsubscribe();
      open.delete(response);
    };
    request.raw.on('close', cleanUp);
    response.on('close', cleanUp);
    return reply;
  });
};
