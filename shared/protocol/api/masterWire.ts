import { z } from 'zod';
import { CurrencyCode, DecimalAmount, Id, IsoInstant, PositiveInt } from '../../domain/common';
import { Scheme } from '../../domain/loyalty';
import {
  Customer,
  OtherActivityType,
  Product,
  Register,
  StaffRole,
  Store,
} from '../../domain/master';

/**
 * Head office's master data as the API carries it: what each resource answers (its wire form)
 * and what create and update take, where those differ from the domain's own schemas.
 */

/** A body may repeat the id of the path it is sent to; the server refuses one that differs. */
export const withOptionalId = <T extends z.ZodObject>(schema: T) =>
  schema.extend({ id: Id.optional() });

/** An other activity with the points it awards (PRODUCT 4.7). */
export const ActivityType = OtherActivityType.extend({
  rewardPoint: Id,
  points: PositiveInt,
  /** Awards through the API, and those that award themselves, wait in the review list first. */
  needsReview: z.boolean().default(false),
});
export type ActivityType = z.infer<typeof ActivityType>;

/** As stored: a customer a register created offline may have no name. */
export const CustomerOut = Customer.extend({ name: z.string() });

/** A product with its net price in each currency it is sold in. */
export const ProductOut = Product.omit({ price: true }).extend({
  prices: z.array(z.object({ currency: CurrencyCode, price: DecimalAmount })),
});
export type ProductOut = z.infer<typeof ProductOut>;
/** Create or update sets the price in one currency; prices in other currencies stay. */
export const ProductBody = Product.extend({ currency: CurrencyCode });
export type ProductBody = z.infer<typeof ProductBody>;

/** A staff member's PIN: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;
const Pin = z.string().regex(PIN_PATTERN, 'a PIN is 4 to 8 digits');

/** A member of staff as head office sees it: never the PIN, nor its hash. */
export const StaffMember = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  role: StaffRole,
  stores: z.array(Id),
  active: z.boolean(),
});
export type StaffMember = z.infer<typeof StaffMember>;
export const CreateStaff = StaffMember.extend({ active: z.boolean().default(true), pin: Pin });
/** On update the PIN is optional: without one the current PIN stays. */
export const UpdateStaff = CreateStaff.extend({ id: Id.optional(), pin: Pin.optional() });
export type CreateStaff = z.infer<typeof CreateStaff>;
export type UpdateStaff = z.infer<typeof UpdateStaff>;

/** As stored: a store made before programs existed may have none yet. */
export const StoreOut = Store.extend({ program: Id.nullable() });
export type StoreOut = z.infer<typeof StoreOut>;

export const ENROLMENT_STATES = ['pending', 'enrolled', 'revoked'] as const;

/** A register as head office sees it, with where its enrolment stands. */
export const RegisterOut = Register.extend({
  enrolmentState: z.enum(ENROLMENT_STATES),
  enrolledAt: IsoInstant.nullable(),
  revokedAt: IsoInstant.nullable(),
  lastSeenAt: IsoInstant.nullable(),
});
export type RegisterOut = z.infer<typeof RegisterOut>;
export const CreateRegister = Register.omit({ store: true });
export const UpdateRegister = Register.omit({ store: true, id: true });
export const RegisterParams = z.object({ store: Id, register: Id });

export const SCHEME_STATUSES = ['draft', 'active'] as const;

/** One stored version of a scheme, as head office sees it. */
export const SchemeVersion = Scheme.extend({
  status: z.enum(SCHEME_STATUSES),
  createdAt: IsoInstant,
  activatedAt: IsoInstant.nullable(),
});
export type SchemeVersion = z.infer<typeof SchemeVersion>;

export const VersionSummary = z.object({
  version: PositiveInt,
  status: z.enum(SCHEME_STATUSES),
  createdAt: IsoInstant,
  activatedAt: IsoInstant.nullable(),
});

/** The latest version with the list of all versions, newest first. */
export const SchemeDetail = SchemeVersion.extend({ versions: z.array(VersionSummary) });
export type SchemeDetail = z.infer<typeof SchemeDetail>;

export const SchemeBodySchema = Scheme.omit({ version: true });
export const SchemeUpdateSchema = SchemeBodySchema.extend({ id: Id.optional() });
export const SchemeVersionParams = z.object({
  id: Id,
  version: z.coerce.number().pipe(PositiveInt),
});
