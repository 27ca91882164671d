import Fastify, {
  type FastifyInstance,
  type FastifyBaseLogger,
  type RawServerDefault,
  LogController,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { DomainError } from '../errors';
import { STATUS_OF_KIND, type ErrorBody } from './errors';
import { databaseUnavailable, isConnectionFailure } from '../db/failure';
import type { ServerContext } from '../context';
import { resolvePrincipal } from '../auth/principal';
import { tokensOf } from './requestPrincipal';
import { accessOf, checkAccess, type RouteEntry } from './access';
import { registerRateLimits } from './limits';
import { limitJsonDepth } from './jsonBody';
import { registerSecurityHeaders } from './headers';
import { observeRequests, requestIdOf } from './observe';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A group of routes: each step of the data flow registers its own. */
export type RouteModule = (app: App, context: ServerContext) => void | Promise<void>;

export interface AppOptions {
  readonly routes: readonly RouteModule[];
  /** The largest request body accepted, in bytes. */
  readonly bodyLimit?: number;
}

/**
 * One problem of a request that failed validation, in a form a client translates: where it is,
 * what kind of problem (zod's issue code) and the bound or format it missed.
 */
export interface RequestProblem {
  readonly path: string;
  readonly issue: string;
  readonly limit?: number | string;
  readonly expected?: string;
  readonly format?: string;
}

function problemOf(where: string, v: { keyword: string; instancePath: string; params?: unknown }) {
  const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = (v.params ?? {}) as Record<string, unknown>;
  const limit = params['minimum'] ?? params['maximum'];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const problem: RequestProblem = {
    path: `${where}${path ? `.${path}` : ''}`,
    issue: v.keyword,
    ...(typeof limit === 'number' || typeof limit === 'bigint' ? { limit: Number(limit) } : {}),
    ...(text(params['expected']) ? { expected: text(params['expected']) } : {}),
    ...(text(params['format']) ? { format: text(params['format']) } : {}),
  };
  return problem;
}

function describeValidation(
  error: unknown,
): { message: string; details: unknown; problems: RequestProblem[] } | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const where = (error as { validationContext?: string }).validationContext ?? 'body';
  const details = error.validation.map((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return `${where}${path ? `.${path}` : ''}: ${v.message ?? 'is invalid'}`;
  });
  const problems = error.validation.map((v) => problemOf(where, v));
  return { message: details.join('; '), details, problems };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, HEAD included, in registration order (for the route matrix). */
    readonly routeTable: readonly RouteEntry[];
  }
}

/** The largest request body accepted by default: a full push of 500 sales fits with room. */
export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

export async function buildApp(context: ServerContext, options: AppOptions): Promise<App> {
  const app = Fastify({
    // pino's Logger is Fastify's logger; typed as Fastify's base so App stays one type.
    loggerInstance: context.log as FastifyBaseLogger,
    // observeRequests logs one line per request, with its route, status and time.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  }).withTypeProvider<ZodTypeProvider>();
  observeRequests(app, context);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // A route exists only with its contract entry, and so with its access level.
      if (accessOf(method, route.url) === undefined)
        throw new Error(`${method} ${route.url} is not in the API contract (shared/protocol/api)`);
      routeTable.push({ method, url: route.url });
    }
  });
  limitJsonDepth(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    const validation = describeValidation(error);
    let body: ErrorBody;
    if (validation) {
      body = {
        error: {
          code: 'invalidRequest',
          message: validation.message,
          details: validation.details,
          problems: validation.problems,
        },
      };
      return reply.status(400).send(body);
    }
    // A lost database (restarted, out of reach) is worth retrying as a whole: 503, not 500.
    if (!(error instanceof DomainError) && isConnectionFailure(error))
      error = databaseUnavailable();
    if (error instanceof DomainError) {
      body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
          ...(error.problems === undefined ? {} : { problems: error.problems }),
        },
      };
      return reply.status(STATUS_OF_KIND[error.kind]).send(body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      body = {
        error: {
          code: (error as { code?: string }).code ?? 'badRequest',
          message: (error as Error).message,
        },
      };
      return reply.status(status).send(body);
    }
    // Always logged (level error), with the request's id, which the caller got as X-Request-Id.
    request.log.error({ err: error }, 'answered 500: unexpected error');
    body = {
      error: {
        code: 'internal',
        message:
          'something went wrong on the server; the request changed nothing it could not finish',
      },
    };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'notFound',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
      },
    };
    return reply.status(404).send(body);
  });

  await registerSecurityHeaders(app);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Loyalty sync server', version: '1' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const limitRequest = await registerRateLimits(app, context.database);
  app.decorateRequest('principal', null);
  // Access is checked as soon as the headers are in, before any body is read or parsed; the
  // caller's requests are counted first, so those without the right token count too.
  app.addHook('onRequest', async (request) => {
    request.principal = await resolvePrincipal(context, tokensOf(request.headers));
    await limitRequest(request);
    checkAccess(request, context.config);
  });

  for (const routes of options.routes)
    await app.register(async (scope) => routes(scope as unknown as App, context));
  return app;
}
