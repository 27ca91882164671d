import { APPROVAL_MS, approvalProblem } from '../auth/approvals';
import type { ApprovedAction } from '../../../shared/protocol/sync';
import type { PostingEnv } from './facts';
import { reject } from './rejection';

/**
 * Whose authority a posting runs under. The post job posts what registers pushed: a fact that
 * adjusts points, awards an activity or changes a customer must carry a manager's approval the
 * server signed (auth/approvals.ts), checked with `approvalKey`. Head office reposting a fact from
 * its review list is its own authority: `headOffice` names who did.
 */
export interface PostingAuthority {
  readonly approvalKey: string | null;
  readonly headOffice: string | null;
}

/** Nothing can be approved: facts that need an approval are rejected into the review list. */
export const NO_AUTHORITY: PostingAuthority = { approvalKey: null, headOffice: null };

/** The register's facts as the post job posts them. */
export const registerAuthority = (approvalKey: string): PostingAuthority => ({
  approvalKey,
  headOffice: null,
});

/** An approval carries out one action: another posted fact of the register already used it. */
async function approvalUsedBefore(env: PostingEnv, token: string, expiresAt: number) {
  const result = await env.tx.query<{ id: string }>(
    `select id from facts
      where status = 'posted' and server_time >= $1::timestamptz and register_id = $2
        and id <> $3::uuid and body ->> 'approval' = $4
      limit 1`,
    [new Date(expiresAt - APPROVAL_MS).toISOString(), env.row.registerId, env.row.id, token],
  );
  return result.rows[0]?.id ?? null;
}

/**
 * Rejects the fact (into head office's review list) unless head office reposts it or it carries a
 * manager's approval of exactly this action, given at its register (by `staff` when the fact names
 * one), that had not run out when the fact reached the server and no other fact used.
 */
export async function requireApproval(
  env: PostingEnv,
  authority: PostingAuthority,
  token: string | undefined,
  needed: { readonly staff: string | null; readonly action: ApprovedAction },
): Promise<void> {
  if (authority.headOffice !== null) return;
  if (authority.approvalKey === null) return reject(`this needs a manager's online approval`);
  const { problem, approval } = approvalProblem(authority.approvalKey, token, {
    ...needed,
    register: env.row.registerId,
    receivedAt: env.row.serverTime,
  });
  if (problem !== null || approval === null || token === undefined) return reject(problem ?? '');
  const usedBy = await approvalUsedBefore(env, token, approval.expiresAt);
  if (usedBy) reject(`the approval was already used by fact ${usedBy}`);
}
