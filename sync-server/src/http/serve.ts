import type { FastifyReply, FastifyRequest, FastifySchema, RouteShorthandOptions } from 'fastify';
import {
  successStatuses,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type ReplyOf,
  type RouteContract,
} from '../../../shared/protocol/api';
import type { Principal } from '../auth/principal';
import type { App } from './app';

/** One call of a route, as its handler sees it: validated against the route's contract entry. */
export interface RouteCall<C> {
  readonly params: ParamsOf<C>;
  readonly query: QueryOf<C>;
  readonly body: BodyOf<C>;
  /** Already checked against the entry's access level (access.ts). */
  readonly principal: Principal | null;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/**
 * Answers the entry's reply; or sends the answer itself and returns the FastifyReply (a page
 * kept as JSON text, a stream, a refusal with its own status).
 */
export type RouteHandler<C> = (call: RouteCall<C>) => Promise<ReplyOf<C> | FastifyReply>;

/** Fastify's own options a route may add: its log level, body limit, rate limit, hiding. */
export interface ServeOptions extends Pick<
  RouteShorthandOptions,
  'logLevel' | 'bodyLimit' | 'config' | 'onRequest'
> {
  /** The content types of the body, when not JSON. */
  readonly consumes?: readonly string[];
  /** Left out of the API description (probes, pages). */
  readonly hide?: boolean;
}

function schemaOf(entry: RouteContract, options: ServeOptions): FastifySchema {
  const response =
    entry.reply === undefined
      ? undefined
      : Object.fromEntries(successStatuses(entry).map((status) => [status, entry.reply]));
  return {
    ...(options.hide ? { hide: true } : {}),
    // Anyone may call a public route: the API description asks for no token.
    ...(entry.access === 'public' ? { security: [] } : {}),
    ...(options.consumes ? { consumes: [...options.consumes] } : {}),
    ...(entry.tags ? { tags: [...entry.tags] } : {}),
    ...(entry.summary ? { summary: entry.summary } : {}),
    ...(entry.params ? { params: entry.params } : {}),
    ...(entry.query ? { querystring: entry.query } : {}),
    ...(entry.body ? { body: entry.body } : {}),
    ...(response ? { response } : {}),
  };
}

/**
 * Registers the route of a contract entry (shared/protocol/api): its method, path and schemas
 * come from the entry, and the handler takes the entry's typed params, query and body and answers
 * its typed reply, with the entry's status unless the handler chose another it lists.
 */
export function serve<C extends RouteContract>(
  app: App,
  entry: C,
  handler: RouteHandler<C>,
  options: ServeOptions = {},
): void {
  const [status = 200] = successStatuses(entry);
  app.route({
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    method: entry.method,
    url: entry.path,
    schema: schemaOf(entry, options),
    handler: async (request, reply) => {
      const answer = await handler({
        params: request.params as ParamsOf<C>,
        query: request.query as QueryOf<C>,
        body: request.body as BodyOf<C>,
        principal: request.principal,
        request,
        reply,
      });
      // Sent by the handler (a page of JSON text, a stream): awaiting a FastifyReply, which is
      // thenable, does not give it back, so ask the reply itself.
      if (reply.sent) return reply;
      if (reply.statusCode === 200 && status !== 200) reply.status(status);
      return reply.send(status === 204 ? null : answer);
    },
  });
}
