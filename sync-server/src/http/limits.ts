import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { tooMany } from '../errors';

/**
 * Per-address limits on the routes that take a secret from a caller without a token (PIN
 * sign-in, enrolment). They sit beside the per-staff and per-address lockouts: the lockout stops
 * guessing one staff member's PIN, these stop spraying guesses across many staff ids or codes.
 * Generous enough for a store of registers behind one address.
 */
export const SIGN_IN_LIMIT = { max: 60, timeWindow: 60_000 } as const;
export const ENROL_LIMIT = { max: 30, timeWindow: 60_000 } as const;
/** A register's searches by phone or e-mail: plenty for a till, too few to sweep for contacts. */
export const CONTACT_SEARCH_LIMIT = { max: 30, timeWindow: 60_000 } as const;

export async function registerRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      tooMany(
        'rateLimited',
        `too many attempts from this address: try again in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
}
