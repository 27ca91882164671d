import { api } from '../../../../shared/protocol/api';
import { actingStaff } from '../../auth/principal';
import { listAwards, postWaitingAward, rejectWaitingAward } from '../../cards/awardReview';
import { distributeCardsNow, tellRegisters } from '../../distribution/cardsNow';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * Head office's review list of other activity awards (a type that needs review): list them, post
 * one (its points reach the card and the stores at once) or reject it.
 */
export const hqActivityAwardRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const routes = api.hq.activityAwards;

  serve(app, routes.list, async ({ query }) => ({
    items: await listAwards(database, query.status, query.limit),
  }));

  serve(app, routes.post, async ({ principal, params }) => {
    const member = actingStaff(principal);
    const { award, events } = await database.transaction(async (tx) => {
      const posted = await postWaitingAward(tx, params.id, member.id, now());
      return { award: posted, events: await distributeCardsNow(tx, [posted.card]) };
    });
    await tellRegisters(context.events, events);
    return award;
  });

  serve(app, routes.reject, async ({ principal, params }) => {
    const member = actingStaff(principal);
    return database.transaction((tx) => rejectWaitingAward(tx, params.id, member.id, now()));
  });
};
