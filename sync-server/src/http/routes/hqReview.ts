import { z } from 'zod';
import { Uuid } from '../../../../shared/domain/common';
import { Fact } from '../../../../shared/protocol/sync';
import { listReview, ReviewPage, ReviewQuery } from '../../review/list';
import { repostFact } from '../../review/repost';
import { resolveReview, voidFact } from '../../review/resolve';
import type { RouteModule } from '../app';
import { requireStaff } from '../../auth/principal';

const tags = ['review'];
const FactParams = z.object({ factId: Uuid });
const Comment = z.string().trim().min(1).max(500);
const SettleBody = z.object({ comment: Comment });
const RepostBody = z.object({
  /** The corrected fact; without it the stored fact is posted again as it is. */
  fact: Fact.optional(),
  comment: Comment.optional(),
});

const Settled = z.object({
  fact: Uuid,
  outcome: z.enum(['voided', 'resolved']),
  staff: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
  repeated: z.boolean(),
});

const Reposted = z.object({
  fact: Uuid,
  outcome: z.enum(['posted', 'rejected']),
  reason: z.string().nullable(),
  repeated: z.boolean(),
  flagged: z.boolean(),
  entryIds: z.record(z.string(), Uuid),
});

/**
 * Head office's review list (PRODUCT 5): facts the post job rejected and posted facts flagged for a
 * look, with the actions that settle them: void, repost (corrected or not) and resolve.
 */
export const hqReviewRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());

  app.get(
    '/api/hq/review',
    {
      schema: {
        tags,
        summary: 'rejected and flagged facts, newest first; `next` pages on as `before`',
        querystring: ReviewQuery,
        response: { 200: ReviewPage },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return listReview(database, request.query);
    },
  );

  app.post(
    '/api/hq/review/:factId/void',
    {
      schema: {
        tags,
        summary: 'void a rejected fact: nothing is posted; it leaves the open list',
        params: FactParams,
        body: SettleBody,
        response: { 200: Settled },
      },
    },
    async (request) => {
      const member = requireStaff(request.principal, 'headOffice');
      return voidFact(database, {
        factId: request.params.factId,
        staffId: member.id,
        comment: request.body.comment,
        at: now(),
      });
    },
  );

  app.post(
    '/api/hq/review/:factId/repost',
    {
      schema: {
        tags,
        summary:
          'post a rejected fact again, optionally corrected, through the same checks; exactly once',
        params: FactParams,
        body: RepostBody,
        response: { 200: Reposted },
      },
    },
    async (request) => {
      const member = requireStaff(request.principal, 'headOffice');
      return repostFact(context, {
        factId: request.params.factId,
        staffId: member.id,
        ...(request.body.fact === undefined ? {} : { corrected: request.body.fact }),
        ...(request.body.comment === undefined ? {} : { comment: request.body.comment }),
      });
    },
  );

  app.post(
    '/api/hq/review/:factId/resolve',
    {
      schema: {
        tags,
        summary: "mark a posted fact's review (an offline overdraw) as resolved",
        params: FactParams,
        body: SettleBody,
        response: { 200: Settled },
      },
    },
    async (request) => {
      const member = requireStaff(request.principal, 'headOffice');
      return resolveReview(database, {
        factId: request.params.factId,
        staffId: member.id,
        comment: request.body.comment,
        at: now(),
      });
    },
  );
};
