import { z } from 'zod';
import {
  CountryCode,
  CurrencyCode,
  DecimalAmount,
  Id,
  IsoInstant,
  PositiveInt,
  VatRate,
} from './common';

/** Stores, registers, staff, products, customers and cards as they travel over the wire. */
export const FunctionalityProfile = z.object({
  generateCardNumbers: z.boolean(),
  offlineEarning: z.boolean(),
  /** Null: paying with points needs the server. Otherwise the points a card may spend offline per day. */
  offlineRedemption: z.object({ allowancePerCardPerDay: PositiveInt }).nullable(),
  /** Voiding a line or a sale worth more than this needs a manager's PIN; absent or null: never. */
  voidApprovalAbove: DecimalAmount.nullable().optional(),
});

export const Store = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  currency: CurrencyCode,
  timeZone: z.string().min(1).max(64),
  program: Id,
  profile: FunctionalityProfile,
  /** ISO 3166 alpha-2: the country whose VAT rates the store's products carry. */
  country: CountryCode.nullable().optional(),
  /** Printed on receipts under the store's name. */
  address: z.string().max(300).nullable().optional(),
});
export type Store = z.infer<typeof Store>;

/** The VAT rates of one country, per product category; a category without one is at 0 %. */
export const CountryVatRates = z.object({
  country: CountryCode,
  rates: z
    .array(z.object({ category: Id, rate: VatRate }))
    .max(500)
    .refine((rates) => new Set(rates.map((r) => r.category)).size === rates.length, {
      message: 'a category appears more than once',
    }),
});
export type CountryVatRates = z.infer<typeof CountryVatRates>;

/** The most quick keys a store's sale screen holds: a grid of 8 by 3. */
export const QUICK_KEYS_MAX = 24;

/** A store's quick keys: the products its sale screen offers as buttons, in grid order. */
export const QuickKeys = z
  .array(Id)
  .max(QUICK_KEYS_MAX)
  .refine((ids) => new Set(ids.map((id) => id.toUpperCase())).size === ids.length, {
    message: 'each product once',
  });

/** A store as its registers receive it: with its quick keys (older servers sent none). */
export const DistributedStore = Store.extend({ quickKeys: QuickKeys.default([]) });
export type DistributedStore = z.infer<typeof DistributedStore>;

export const Register = z.object({
  id: Id,
  store: Id,
  name: z.string().min(1).max(200),
});

export const StaffRole = z.enum(['cashier', 'manager', 'headOffice']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Affiliation = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  hiddenInStores: z.boolean().default(false),
});

export const Product = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  barcode: z
    .string()
    .regex(/^\d{6,14}$/, '6 to 14 digits')
    .nullable(),
  category: Id,
  /** The shelf price, VAT included. */
  price: DecimalAmount,
  /** The VAT rate of the product's category in the store's country (absent: 0). */
  vatRate: VatRate.optional(),
});
export type Product = z.infer<typeof Product>;

/** The languages notices to customers are written in (as the register and console speak). */
export const CUSTOMER_LANGUAGES = ['en', 'nl', 'sv', 'fr'] as const;
export const CustomerLanguage = z.enum(CUSTOMER_LANGUAGES);
export type CustomerLanguage = z.infer<typeof CustomerLanguage>;

export const Customer = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  email: z.email().nullable().default(null),
  phone: z.string().max(40).nullable().default(null),
  affiliations: z.array(Id).default([]),
  blockedForEnrolment: z.boolean().default(false),
  /** The language of the notices the customer gets (absent: English, or as stored). */
  language: CustomerLanguage.optional(),
  subscriptions: z
    .object({
      balanceUpdates: z.boolean(),
      expiryWarnings: z.boolean(),
      /** The newsletter: subscribing awards the NEWSLETTER activity once (PRODUCT 4.7). */
      newsletter: z.boolean().default(false),
    })
    .default({ balanceUpdates: false, expiryWarnings: false, newsletter: false }),
});
export type Customer = z.infer<typeof Customer>;

export const CardStatus = z.enum(['active', 'blocked', 'replaced']);
export const CardNumber = z.string().regex(/^\d{8,19}$/, '8 to 19 digits ending in a check digit');

export const EnrolmentSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('register'), store: Id, register: Id }),
  z.object({ kind: z.literal('headOffice') }),
  z.object({ kind: z.literal('api') }),
]);

export const LoyaltyCard = z.object({
  number: CardNumber,
  customer: Id.nullable(),
  program: Id,
  tier: Id.nullable(),
  tierValidUntil: IsoInstant.nullable(),
  status: CardStatus,
  replacedBy: CardNumber.nullable().default(null),
  source: EnrolmentSource,
  issuedAt: IsoInstant,
});
export type LoyaltyCard = z.infer<typeof LoyaltyCard>;

export const OtherActivityType = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  perCustomerLimit: PositiveInt.nullable(),
});
