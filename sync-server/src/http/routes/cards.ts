import { api } from '../../../../shared/protocol/api';
import { managerActor } from '../../cards/access';
import { awardActivity } from '../../cards/activities';
import { cardHistory } from '../../cards/history';
import { issueCard } from '../../cards/issue';
import { replaceCard, transferPoints } from '../../cards/moves';
import { validCardNumber } from '../../cards/numbers';
import { adjustBalance, blockCard, linkCard, unblockCard } from '../../cards/operations';
import { cardView, loadCard } from '../../cards/read';
import { searchCards } from '../../cards/search';
import { setCardTier, tierChangesOf } from '../../cards/tierHold';
import { distributeCardsNow, tellRegisters } from '../../distribution/cardsNow';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * Loyalty cards: issue, read, search, block, link, adjust, replace, transfer, award an other
 * activity, set a tier by hand, history. Who may call each is in the API contract (shared/protocol/api/cards.ts);
 * `managerActor` names who acts, for the ledger. Every ledger write goes through postEntries, in
 * the same transaction as the card changes.
 */
export const cardRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const view = (number: string) => cardView(database, number, context.clock.now());

  serve(app, api.cards.issue, async ({ principal, body }) => {
    const actor = managerActor(principal);
    const number = await database.transaction((tx) => issueCard(tx, body, actor, now()));
    return view(number);
  });

  serve(app, api.cards.search, async ({ query }) => searchCards(database, query));

  serve(app, api.cards.get, async ({ params }) => view(validCardNumber(params.number)));

  serve(app, api.cards.history, async ({ params, query }) => {
    const number = validCardNumber(params.number);
    await loadCard(database, number);
    return cardHistory(database, number, query.limit, query.before);
  });

  // A block, an unblock and a replacement reach the stores' registers at once (cardsNow.ts).
  for (const [entry, change] of [
    [api.cards.block, blockCard],
    [api.cards.unblock, unblockCard],
  ] as const) {
    serve(app, entry, async ({ params }) => {
      const number = validCardNumber(params.number);
      const events = await database.transaction(async (tx) => {
        await change(tx, number, now());
        return distributeCardsNow(tx, [number]);
      });
      await tellRegisters(context.events, events);
      return view(number);
    });
  }

  serve(app, api.cards.link, async ({ params, body }) => {
    const number = validCardNumber(params.number);
    await database.transaction((tx) => linkCard(tx, number, body.customer, now()));
    return view(number);
  });

  serve(app, api.cards.adjust, async ({ principal, params, body }) => {
    const actor = managerActor(principal);
    const number = validCardNumber(params.number);
    const entry = await database.transaction((tx) => adjustBalance(tx, number, body, actor, now()));
    return { card: await view(number), entries: [entry] };
  });

  serve(app, api.cards.award, async ({ principal, params, body, reply }) => {
    const actor = managerActor(principal);
    const number = validCardNumber(params.number);
    const { entries, waiting } = await database.transaction((tx) =>
      awardActivity(tx, number, body, actor, now()),
    );
    // Waiting in head office's review list: accepted, nothing posted yet.
    if (waiting) reply.status(202);
    return { card: await view(number), entries, waiting };
  });

  serve(app, api.cards.transfer, async ({ principal, params, body }) => {
    const actor = managerActor(principal);
    const from = validCardNumber(params.number);
    const to = validCardNumber(body.to, 'to');
    const entries = await database.transaction((tx) =>
      transferPoints(tx, from, { ...body, to }, actor, now()),
    );
    return { from: await view(from), to: await view(to), entries };
  });

  serve(app, api.cards.tierChanges, async ({ params }) => {
    const number = validCardNumber(params.number);
    await loadCard(database, number);
    return { items: await tierChangesOf(database, number) };
  });

  // A tier set by hand reaches the stores' registers at once, as a block does.
  serve(app, api.cards.setTier, async ({ principal, params, body }) => {
    const actor = managerActor(principal);
    const number = validCardNumber(params.number);
    const events = await database.transaction(async (tx) => {
      await setCardTier(tx, number, body, actor, now());
      return distributeCardsNow(tx, [number]);
    });
    await tellRegisters(context.events, events);
    return view(number);
  });

  serve(app, api.cards.replace, async ({ principal, params, body }) => {
    const actor = managerActor(principal);
    const from = validCardNumber(params.number);
    const { result, events } = await database.transaction(async (tx) => {
      const replaced = await replaceCard(tx, from, body, actor, now());
      return { result: replaced, events: await distributeCardsNow(tx, [from, replaced.number]) };
    });
    await tellRegisters(context.events, events);
    return { from: await view(from), to: await view(result.number), entries: result.entries };
  });
};
