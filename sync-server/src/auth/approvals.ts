import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Id } from '../../../shared/domain/common';
import { ApprovedAction } from '../../../shared/protocol/sync';

/*
 * A manager's approval of one action at one register, signed by the server (HMAC-SHA256 with the
 * APPROVAL_KEY) when the manager gave their PIN while the register was online. The fact that
 * carries the action out carries the approval; posting checks the signature, the register, the
 * manager, the action and that the fact reached the server before the approval ran out. A
 * register alone cannot make one: it never holds the key.
 */

/** How long an approval may wait in a register's outbox before the fact reaches the server. */
export const APPROVAL_MS = 10 * 60_000;

const Approval = z.object({
  register: Id,
  store: Id,
  staff: Id,
  action: ApprovedAction,
  /** Milliseconds since the epoch. */
  expiresAt: z.int(),
  /** Tells two approvals of the same action apart: each carries out one fact. */
  nonce: z.string().min(1).max(64),
});
export type Approval = z.infer<typeof Approval>;

const mac = (key: string, text: string) => createHmac('sha256', key).update(text).digest();

export function signApproval(key: string, approval: Approval): string {
  const text = Buffer.from(JSON.stringify(approval)).toString('base64url');
  return `${text}.${mac(key, text).toString('base64url')}`;
}

/** The approval a token holds, or null when the server did not sign it. */
export function readApproval(key: string, token: string): Approval | null {
  const [text, signature, extra] = token.split('.');
  if (!text || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, text);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = Approval.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const sameAction = (a: ApprovedAction, b: ApprovedAction) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** What a fact needs its approval to say. */
export interface NeededApproval {
  readonly register: string;
  /** The manager the fact names, or null when any manager of the store may approve. */
  readonly staff: string | null;
  readonly action: ApprovedAction;
  /** When the fact reached the server. */
  readonly receivedAt: Date;
}

/** Why the token does not approve what the fact does (null when it does), and the approval. */
export function approvalProblem(
  key: string,
  token: string | undefined,
  needed: NeededApproval,
): { problem: string | null; approval: Approval | null } {
  const approval = token === undefined ? null : readApproval(key, token);
  return { problem: problemOf(approval, token, needed), approval };
}

function problemOf(
  approval: Approval | null,
  token: string | undefined,
  needed: NeededApproval,
): string | null {
  if (token === undefined)
    return `this needs a manager's online approval, and the fact carries none`;
  if (!approval) return `the approval is not one this server signed`;
  if (approval.register !== needed.register)
    return `the approval was given at register ${approval.register}`;
  if (needed.staff !== null && approval.staff !== needed.staff)
    return `the approval was given by ${approval.staff}, the fact names ${needed.staff}`;
  if (!sameAction(approval.action, needed.action))
    return `the approval is for another action (${JSON.stringify(approval.action)})`;
  if (needed.receivedAt.getTime() > approval.expiresAt)
    return `the approval had run out when the fact reached the server`;
  return null;
}
