import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ServerContext } from '../context';
import type { App } from './app';

/** The header that carries a request's id in and out (a proxy's id is kept when it is sane). */
export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_ID = /^[\w.:-]{1,64}$/;

/** Fastify's genReqId: the caller's X-Request-Id when it is short and plain, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}

/**
 * One log line and one latency observation per answered request. The route is the pattern
 * (`/api/cards/:number`), so neither the log's route field nor the metric's labels carry card
 * numbers; requests no route matched are counted as `unmatched`.
 */
export function observeRequests(app: App, context: ServerContext): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    context.metrics.httpRequestDuration.observe(
      { method: request.method, route, status: String(status) },
      reply.elapsedTime / 1000,
    );
    request.log.info(
      {
        method: request.method,
        route,
        path: request.url.split('?')[0],
        status,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
}
