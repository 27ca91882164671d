import { z } from 'zod';
import { Id, Int, IsoInstant, Uuid } from '../../domain/common';
import { CardNumber } from '../../domain/master';

/** How an award came about: through the API, or by itself (a new customer, a subscription). */
export const AwardSource = z.enum(['api', 'registration', 'newsletter']);
export const AwardStatus = z.enum(['waiting', 'posted', 'rejected']);

/** An other activity award in head office's review list (Dynamics' other-activity journal). */
export const ActivityAwardView = z.object({
  id: Uuid,
  card: CardNumber,
  customer: Id.nullable(),
  type: Id,
  typeName: z.string(),
  source: AwardSource,
  status: AwardStatus,
  /** The points per reward point the schemes gave the card when the award was made. */
  points: z.array(z.object({ rewardPoint: Id, points: Int })),
  comment: z.string().nullable(),
  staff: Id.nullable(),
  store: Id.nullable(),
  awardedAt: IsoInstant,
  decidedAt: IsoInstant.nullable(),
  decidedBy: Id.nullable(),
});
export type ActivityAwardView = z.infer<typeof ActivityAwardView>;

export const ActivityAwardQuery = z.object({
  status: AwardStatus.default('waiting'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const ActivityAwardList = z.object({ items: z.array(ActivityAwardView) });
export const ActivityAwardParams = z.object({ id: Uuid });
