import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { hashToken } from './secrets';
import type { ServerContext } from '../context';
import { registers, staff, staffSessions } from '../db/schema';
import { forbidden, unauthorized } from '../errors';
import type { StaffRole } from '../../../shared/domain/master';

/**
 * Who is calling: a register (its enrolment token, scoped to one store and register), a member of
 * staff (a session from PIN sign-in), or both when a manager acts at a register.
 */
export interface Principal {
  readonly register: { readonly id: string; readonly store: string } | null;
  readonly staff: {
    readonly id: string;
    readonly role: StaffRole;
    readonly stores: readonly string[];
  } | null;
  /** Sent the METRICS_TOKEN bearer: may read /metrics and nothing else. */
  readonly metricsReader?: true;
}

export const REGISTER_TOKEN_PREFIX = 'reg_';
export const STAFF_TOKEN_PREFIX = 'stf_';

async function registerFor(context: ServerContext, token: string): Promise<Principal['register']> {
  const rows = await context.database.db
    .select({ id: registers.id, store: registers.storeId })
    .from(registers)
    .where(
      and(
        eq(registers.tokenHash, await hashToken(token)),
        eq(registers.enrolmentState, 'enrolled'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

async function staffFor(context: ServerContext, token: string): Promise<Principal['staff']> {
  const rows = await context.database.db
    .select({ id: staff.id, role: staff.role, stores: staff.stores })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, await hashToken(token)),
        gt(staffSessions.expiresAt, new Date(context.clock.now())),
        isNull(staffSessions.revokedAt),
        eq(staff.active, true),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Resolves the tokens a caller sent; an unknown, expired or revoked token is refused outright. */
export async function resolvePrincipal(
  context: ServerContext,
  tokens: readonly string[],
): Promise<Principal | null> {
  if (tokens.length === 0) return null;
  let register: Principal['register'] = null;
  let staffMember: Principal['staff'] = null;
  let metricsReader = false;
  for (const token of tokens) {
    if (token.startsWith(REGISTER_TOKEN_PREFIX) && !register) {
      register = await registerFor(context, token);
      if (!register)
        throw unauthorized('this register token is unknown or revoked: enrol the register again');
    } else if (token.startsWith(STAFF_TOKEN_PREFIX) && !staffMember) {
      staffMember = await staffFor(context, token);
      if (!staffMember) throw unauthorized('this session has expired or was ended: sign in again');
    } else if (isMetricsToken(context.config.metricsToken, token)) {
      metricsReader = true;
    } else {
      throw unauthorized('the token is not one this server issues');
    }
  }
  return { register, staff: staffMember, ...(metricsReader ? { metricsReader: true } : {}) };
}

/** Compared in constant time, so the answer's timing tells nothing about the token. */
function isMetricsToken(expected: string | undefined, token: string): boolean {
  if (!expected) return false;
  const [a, b] = [
    createHash('sha256').update(expected).digest(),
    createHash('sha256').update(token).digest(),
  ];
  return timingSafeEqual(a, b);
}

const ROLE_RANK: Record<StaffRole, number> = { cashier: 0, manager: 1, headOffice: 2 };

/** The staff member, if their role is at least `role`; head office outranks managers, managers cashiers. */
export function requireStaff(
  principal: Principal | null,
  role: StaffRole,
): NonNullable<Principal['staff']> {
  const member = principal?.staff;
  if (!member) throw unauthorized('sign in with your PIN first');
  if (ROLE_RANK[member.role] < ROLE_RANK[role]) {
    throw forbidden(
      `this needs a ${role === 'headOffice' ? 'head office' : role} sign-in; you are signed in as ${member.role}`,
    );
  }
  return member;
}

/**
 * Who acts, on a route whose access level (shared/protocol/api) let only staff through: the
 * level was checked before the handler ran, so this names the member and checks nothing more.
 */
export function actingStaff(principal: Principal | null): NonNullable<Principal['staff']> {
  const member = principal?.staff;
  if (!member) throw unauthorized('sign in with your PIN first');
  return member;
}

/** A staff member allowed to act for `store`: head office everywhere, others in their own stores. */
export function requireStaffInStore(
  principal: Principal | null,
  role: StaffRole,
  store: string,
): NonNullable<Principal['staff']> {
  const member = requireStaff(principal, role);
  if (member.role !== 'headOffice' && !member.stores.includes(store))
    throw forbidden(`you do not work in store ${store}`);
  return member;
}

export function requireRegister(principal: Principal | null): NonNullable<Principal['register']> {
  const register = principal?.register;
  if (!register) throw unauthorized('this needs an enrolled register token');
  return register;
}
