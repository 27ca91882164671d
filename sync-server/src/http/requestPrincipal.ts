import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../auth/principal';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  return match?.[1];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The tokens a request carries: the register's as a bearer token, a member of staff's beside it. */
export function tokensOf(headers: IncomingHttpHeaders): string[] {
  return [bearer(headers), header(headers, 'x-staff-token')].filter((t): t is string => Boolean(t));
}
