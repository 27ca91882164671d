import { api } from '../../../../shared/protocol/api';
import { actingStaff } from '../../auth/principal';
import { listReview } from '../../review/list';
import { repostFact } from '../../review/repost';
import { resolveReview, voidFact } from '../../review/resolve';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * Head office's review list (PRODUCT 5): facts the post job rejected and posted facts flagged for a
 * look, with the actions that settle them: void, repost (corrected or not) and resolve.
 */
export const hqReviewRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const review = api.hq.review;

  serve(app, review.list, async ({ query }) => listReview(database, query));

  serve(app, review.void, async ({ principal, params, body }) =>
    voidFact(database, {
      factId: params.factId,
      staffId: actingStaff(principal).id,
      comment: body.comment,
      at: now(),
    }),
  );

  serve(app, review.repost, async ({ principal, params, body }) =>
    repostFact(context, {
      factId: params.factId,
      staffId: actingStaff(principal).id,
      ...(body.fact === undefined ? {} : { corrected: body.fact }),
      ...(body.comment === undefined ? {} : { comment: body.comment }),
    }),
  );

  serve(app, review.resolve, async ({ principal, params, body }) =>
    resolveReview(database, {
      factId: params.factId,
      staffId: actingStaff(principal).id,
      comment: body.comment,
      at: now(),
    }),
  );
};
