import {
  pointsPricingProblem,
  pricingProblem,
  tenderProblem,
  tierDiscountProblem,
  type PricingTier,
} from '../../../shared/checkout/receiptChecks';
import { rewardProblem } from '../../../shared/checkout/rewardChecks';
import { stampedSchemes, type SaleFact } from '../../../shared/protocol/sync';
import { catalogueOf, windowOf } from './catalogue';
import type { PostingEnv } from './facts';
import type { CardRow } from './lookups';
import { LoyaltyRejected } from './loyaltyRejected';
import { acceptedStanding } from './standing';

/*
 * The server re-derives what a register priced instead of trusting it (PRODUCT 5): a tampered
 * register could otherwise mint points by pushing a sale at a price of its own, with tenders that
 * do not pay it, or paid with points at a price of its own. The money was taken whatever the
 * receipt says, so the sale is kept and only its loyalty part is rejected, with the reason.
 */

async function cashierProblem(env: PostingEnv, fact: SaleFact): Promise<string | null> {
  const member = await env.master.staffPlaces(fact.receipt.staff);
  if (member === null) return `staff member ${fact.receipt.staff} is unknown`;
  if (member.role === 'headOffice')
    return `staff member ${fact.receipt.staff} is head office staff, who do not sell at a register`;
  if (!member.stores.includes(fact.store))
    return `staff member ${fact.receipt.staff} does not work in store ${fact.store}`;
  return null;
}

async function pointsProblem(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
): Promise<string | null> {
  const { receipt } = fact;
  if (receipt.lines.every((line) => line.paidWithPoints === undefined) && !receipt.reward)
    return null;
  const schemes = [];
  for (const { id, version } of stampedSchemes(receipt)) {
    const scheme = await env.master.schemeVersion(id, version, receipt.currency);
    if (scheme) schemes.push(scheme.rules);
  }
  return pointsPricingProblem(receipt, {
    schemes,
    rewardPoints: env.rewardPoints,
    card: await acceptedStanding(env, receipt.standing, card),
    at: env.origin.earnedAt.getTime(),
  });
}

/** The sale's reward, as the version the store was sent, gives what the lines say (issue 17). */
async function appliedRewardProblem(env: PostingEnv, fact: SaleFact): Promise<string | null> {
  const { receipt } = fact;
  const named = receipt.reward;
  const reward = named
    ? await env.master.rewardVersion(named.id, named.version, receipt.currency)
    : null;
  return rewardProblem(receipt, reward, env.rewardPoints);
}

/**
 * The tiers the register may have priced the sale in, the stamped one first: the card's tier as
 * the server knows it, and the stamped one (acceptedStanding refuses a stamp above the card's tier,
 * so one below it is a change the register had not heard of yet). Each with every discount it gave
 * in the versions the register could hold (catalogue.ts), not head office's latest edit; a store
 * never sent its program is held to the tiers as they are now.
 */
async function pricingTiers(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
): Promise<PricingTier[]> {
  const sent = await env.master.sentTierDiscounts(fact.store, card.programId, windowOf(env.row));
  const known =
    sent.length > 0
      ? sent
      : [...(await env.master.tierDiscounts(card.programId))].map(([tier, discount]) => ({
          tier,
          discount,
        }));
  const ids = [fact.receipt.standing?.tier ?? card.tierId, card.tierId];
  return [...new Set(ids)].flatMap((id): PricingTier[] => {
    const given = known.filter((form) => form.tier === id);
    if (id === null || given.length === 0) return [{ id, discount: null }];
    return given.map((form) => ({ id, discount: form.discount }));
  });
}

/**
 * Checks that a sale with loyalty entries was made by a cashier of its store, priced as a
 * catalogue version its register could have had (catalogue.ts) with its card's tier discount, paid
 * in full, and paid with points only at the scheme's price.
 * Throws LoyaltyRejected with the first problem.
 */
export async function checkPricedAsSent(
  env: PostingEnv,
  fact: SaleFact,
  card: CardRow,
): Promise<void> {
  const { receipt } = fact;
  if (receipt.returnOf !== null || receipt.entries.length === 0) return;
  const catalogue = catalogueOf(await env.master.sentProducts(fact.store, windowOf(env.row)));
  const problem =
    (await cashierProblem(env, fact)) ??
    pricingProblem(receipt, catalogue) ??
    tierDiscountProblem(receipt, await pricingTiers(env, fact, card)) ??
    tenderProblem(receipt) ??
    (await appliedRewardProblem(env, fact)) ??
    (await pointsProblem(env, fact, card));
  if (problem) throw new LoyaltyRejected(problem);
}
