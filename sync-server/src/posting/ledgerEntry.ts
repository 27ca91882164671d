import type { EntryDraft, Fact } from '../../../shared/protocol/sync';
import { loadActivityType, workOutAward } from '../cards/activityAward';
import { entryFromDraft } from '../ledger/entries';
import { lockCards } from '../ledger/pending';
import { requireApproval, type PostingAuthority } from './authority';
import { NOTHING_TO_POST, type CheckedFact } from './checked';
import type { PostingEnv } from './facts';
import { activeCard, staffInStore, type CardRow } from './lookups';
import { reject } from './rejection';

type LedgerEntryFact = Extract<Fact, { type: 'ledgerEntry' }>;

/**
 * An activity queued at a register: its points must be what the schemes' `otherActivity:<type>`
 * lines give the card (its tier, the customer's affiliations as the server knows them) at the
 * store when it was awarded, within the type's per-customer limit.
 */
async function checkActivity(
  env: PostingEnv,
  entry: EntryDraft,
  card: CardRow,
  store: string,
): Promise<void> {
  if (!entry.activityType) reject('an activity entry must name its activity type');
  const type = await loadActivityType(env.tx, entry.activityType);
  if (!type) reject(`activity type ${entry.activityType} is unknown`);
  const award = await workOutAward(env.tx, {
    card,
    type,
    storeId: store,
    at: env.origin.earnedAt,
    postedOnly: true,
  });
  if (!award.ok)
    reject(`activity ${type.id} was already awarded up to its limit of ${type.perCustomerLimit}`);
  const gives = Object.entries(award.earned)
    .map(([rewardPoint, points]) => `${points} ${rewardPoint}`)
    .join(' + ');
  if (award.earned[entry.rewardPoint] !== entry.points || Object.keys(award.earned).length !== 1)
    reject(
      `tampered points: activity ${type.id} gives this card ${gives || 'nothing'}, the entry says ${entry.points} ${entry.rewardPoint}`,
    );
}

/**
 * A ledger entry's planner: a ledger entry on its own, queued at a register: a manager's adjustment with a reason, or an
 * other activity within its per-customer limit, each with the approval of the manager it names,
 * signed by the server (a register token alone never moves points). Anything else needs the
 * server online.
 */
export async function checkLedgerEntry(
  env: PostingEnv,
  fact: LedgerEntryFact,
  authority: PostingAuthority,
): Promise<CheckedFact> {
  const { entry } = fact;
  if (!env.rewardPoints.has(entry.rewardPoint))
    reject(`reward point ${entry.rewardPoint} is unknown`);
  await lockCards(env.tx, [entry.card]);
  const card = await activeCard(env.tx, entry.card);
  if (entry.kind === 'adjust') {
    if (entry.points === 0) reject('an adjustment of zero points changes nothing');
    if (!entry.comment?.trim()) reject('an adjustment needs a reason in its comment');
    await staffInStore(env.tx, entry.staff, fact.store, true);
    await requireApproval(env, authority, fact.approval, {
      staff: entry.staff,
      action: {
        kind: 'adjust',
        card: entry.card,
        rewardPoint: entry.rewardPoint,
        points: entry.points,
      },
    });
  } else if (entry.kind === 'activity') {
    await staffInStore(env.tx, entry.staff, fact.store, true);
    await checkActivity(env, entry, card, fact.store);
    await requireApproval(env, authority, fact.approval, {
      staff: entry.staff,
      action: { kind: 'activity', card: entry.card, activityType: entry.activityType ?? '' },
    });
  } else {
    reject(`a ${entry.kind} entry cannot be pushed on its own; it needs the server online`);
  }
  return { ...NOTHING_TO_POST, entries: [entryFromDraft(entry, env.origin)], tierCard: entry.card };
}
