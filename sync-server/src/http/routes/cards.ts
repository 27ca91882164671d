import { z } from 'zod';
import { managerActor } from '../../cards/access';
import { awardActivity } from '../../cards/activities';
import { cardHistory } from '../../cards/history';
import { issueCard } from '../../cards/issue';
import { replaceCard, transferPoints } from '../../cards/moves';
import { validCardNumber } from '../../cards/numbers';
import { adjustBalance, blockCard, linkCard, unblockCard } from '../../cards/operations';
import { distributeCardsNow, tellRegisters } from '../../distribution/cardsNow';
import { cardView, loadCard } from '../../cards/read';
import { searchCards } from '../../cards/search';
import {
  AdjustBalance,
  AwardActivity,
  CardNumberParams,
  CardSearchPage,
  CardSearchQuery,
  CardView,
  HistoryPage,
  HistoryQuery,
  IssueCard,
  LinkCard,
  PostedEntry,
  ReplaceCard,
  TransferPoints,
} from '../../cards/wire';
import type { RouteModule } from '../app';
import { requireStaff } from '../../auth/principal';

const tags = ['cards'];
const Entries = z.object({ card: CardView, entries: z.array(PostedEntry) });
const Moved = z.object({ from: CardView, to: CardView, entries: z.array(PostedEntry) });

/**
 * Loyalty cards: issue, read, search, block, link, adjust, replace, transfer, award an other
 * activity, history. Reading and searching: any signed-in staff. The rest: head office, or a
 * manager at a register of their store. Every ledger write goes through postEntries, in the same
 * transaction as the card changes.
 */
export const cardRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const view = (number: string) => cardView(database, number, context.clock.now());

  app.post(
    '/api/cards',
    { schema: { tags, body: IssueCard, response: { 201: CardView } } },
    async (request, reply) => {
      const actor = managerActor(request.principal);
      const number = await database.transaction((tx) => issueCard(tx, request.body, actor, now()));
      return reply.status(201).send(await view(number));
    },
  );

  app.get(
    '/api/cards',
    { schema: { tags, querystring: CardSearchQuery, response: { 200: CardSearchPage } } },
    async (request) => {
      requireStaff(request.principal, 'cashier');
      return searchCards(database, request.query);
    },
  );

  app.get(
    '/api/cards/:number',
    { schema: { tags, params: CardNumberParams, response: { 200: CardView } } },
    async (request) => {
      requireStaff(request.principal, 'cashier');
      return view(validCardNumber(request.params.number));
    },
  );

  app.get(
    '/api/cards/:number/history',
    {
      schema: {
        tags,
        params: CardNumberParams,
        querystring: HistoryQuery,
        response: { 200: HistoryPage },
      },
    },
    async (request) => {
      requireStaff(request.principal, 'cashier');
      const number = validCardNumber(request.params.number);
      await loadCard(database, number);
      return cardHistory(database, number, request.query.limit, request.query.before);
    },
  );

  // A block, an unblock and a replacement reach the stores' registers at once (cardsNow.ts).
  for (const [action, change] of [
    ['block', blockCard],
    ['unblock', unblockCard],
  ] as const) {
    app.post(
      `/api/cards/:number/${action}`,
      { schema: { tags, params: CardNumberParams, response: { 200: CardView } } },
      async (request) => {
        managerActor(request.principal);
        const number = validCardNumber(request.params.number);
        const events = await database.transaction(async (tx) => {
          await change(tx, number, now());
          return distributeCardsNow(tx, [number]);
        });
        await tellRegisters(context.events, events);
        return view(number);
      },
    );
  }

  app.post(
    '/api/cards/:number/link',
    { schema: { tags, params: CardNumberParams, body: LinkCard, response: { 200: CardView } } },
    async (request) => {
      managerActor(request.principal);
      const number = validCardNumber(request.params.number);
      await database.transaction((tx) => linkCard(tx, number, request.body.customer, now()));
      return view(number);
    },
  );

  app.post(
    '/api/cards/:number/adjust',
    { schema: { tags, params: CardNumberParams, body: AdjustBalance, response: { 200: Entries } } },
    async (request) => {
      const actor = managerActor(request.principal);
      const number = validCardNumber(request.params.number);
      const entry = await database.transaction((tx) =>
        adjustBalance(tx, number, request.body, actor, now()),
      );
      return { card: await view(number), entries: [entry] };
    },
  );

  app.post(
    '/api/cards/:number/activities',
    { schema: { tags, params: CardNumberParams, body: AwardActivity, response: { 200: Entries } } },
    async (request) => {
      const actor = managerActor(request.principal);
      const number = validCardNumber(request.params.number);
      const entries = await database.transaction((tx) =>
        awardActivity(tx, number, request.body, actor, now()),
      );
      return { card: await view(number), entries };
    },
  );

  app.post(
    '/api/cards/:number/transfer',
    { schema: { tags, params: CardNumberParams, body: TransferPoints, response: { 200: Moved } } },
    async (request) => {
      const actor = managerActor(request.principal);
      const from = validCardNumber(request.params.number);
      const to = validCardNumber(request.body.to, 'to');
      const entries = await database.transaction((tx) =>
        transferPoints(tx, from, { ...request.body, to }, actor, now()),
      );
      return { from: await view(from), to: await view(to), entries };
    },
  );

  app.post(
    '/api/cards/:number/replace',
    { schema: { tags, params: CardNumberParams, body: ReplaceCard, response: { 201: Moved } } },
    async (request, reply) => {
      const actor = managerActor(request.principal);
      const from = validCardNumber(request.params.number);
      const { result, events } = await database.transaction(async (tx) => {
        const replaced = await replaceCard(tx, from, request.body, actor, now());
        return { result: replaced, events: await distributeCardsNow(tx, [from, replaced.number]) };
      });
      await tellRegisters(context.events, events);
      return reply
        .status(201)
        .send({ from: await view(from), to: await view(result.number), entries: result.entries });
    },
  );
};
