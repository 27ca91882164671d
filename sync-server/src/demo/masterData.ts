import type { EarningLine, RedemptionLine, Tier } from '../../../shared/domain/loyalty';
import type { FunctionalityProfile } from '../db/schema/stores';
import type { Period } from '../../../shared/units/time';

/** The demo's head office data: one program, its reward points, a scheme, two stores and staff. */

export const DEMO_PROGRAM = 'DEMO';
export const DEMO_CURRENCY = 'EUR';
export const DEMO_SCHEME = { id: 'DEMO-SCHEME', version: 1 } as const;

const YEAR: Period = { value: 1, unit: 'year' };
const MONTHS_12: Period = { value: 12, unit: 'month' };

export const DEMO_REWARD_POINTS = [
  {
    id: 'STAR',
    name: 'Stars',
    type: 'quantity',
    redeemable: true,
    redeemRanking: 1,
    redemptionThreshold: 100,
    maxPerCard: null,
    expiry: MONTHS_12,
    // Dynamic: when head office changes the period, every unexpired lot is re-dated.
    expiryCalculation: 'dynamic',
    vesting: { value: 3, unit: 'day' },
  },
  {
    id: 'TIER',
    name: 'Tier points',
    type: 'quantity',
    redeemable: false,
    redeemRanking: 9,
    redemptionThreshold: null,
    maxPerCard: null,
    expiry: null,
    expiryCalculation: 'static',
    vesting: null,
  },
] as const;

export const DEMO_TIERS: readonly Tier[] = [
  { id: 'BASE', name: 'Base', level: 0, stay: null, discount: null, rules: [] },
  {
    id: 'SILVER',
    name: 'Silver',
    level: 1,
    stay: YEAR,
    discount: { percent: 5, category: 'COFFEE' },
    rules: [{ id: 'SILVER-12M', rewardPoint: 'TIER', minimum: 150, window: MONTHS_12 }],
  },
  {
    id: 'GOLD',
    name: 'Gold',
    level: 2,
    stay: YEAR,
    discount: { percent: 10, category: null },
    rules: [
      { id: 'GOLD-12M', rewardPoint: 'TIER', minimum: 450, window: MONTHS_12 },
      { id: 'GOLD-3M', rewardPoint: 'TIER', minimum: 250, window: { value: 3, unit: 'month' } },
    ],
  },
];

export const DEMO_AFFILIATIONS = [
  { id: 'VETERAN', name: 'Veterans', hiddenInStores: false },
  { id: 'STUDENT', name: 'Students', hiddenInStores: false },
  // Cashiers neither see nor set it; it still earns its line.
  { id: 'EMPLOYEE', name: 'Employees', hiddenInStores: true },
] as const;

const line = (
  id: string,
  fields: Partial<EarningLine> & Pick<EarningLine, 'activity' | 'per' | 'points'>,
): EarningLine => ({
  id,
  tier: null,
  affiliation: null,
  filter: null,
  rewardPoint: 'STAR',
  ...fields,
});

/** Additive: every line the card qualifies for adds its own reward. */
export const DEMO_EARNING: EarningLine[] = [
  line('E-BASE', { activity: 'salesAmount', per: '1.00', points: 1 }),
  line('E-TIER', { activity: 'salesAmount', per: '1.00', points: 1, rewardPoint: 'TIER' }),
  line('E-SILVER', { tier: 'SILVER', activity: 'salesAmount', per: '1.00', points: 1 }),
  line('E-GOLD', { tier: 'GOLD', activity: 'salesAmount', per: '1.00', points: 2 }),
  line('E-VETERAN', { affiliation: 'VETERAN', activity: 'salesAmount', per: '1.00', points: 1 }),
  line('E-EMPLOYEE', { affiliation: 'EMPLOYEE', activity: 'salesAmount', per: '2.00', points: 1 }),
  line('E-COFFEE', {
    activity: 'salesQuantity',
    per: 1,
    points: 5,
    filter: { category: 'COFFEE' },
  }),
  line('E-VISIT', { activity: 'transactionCount', per: 1, points: 2 }),
  line('E-REVIEW', { activity: 'otherActivity:review', per: 1, points: 50 }),
];

export const DEMO_REDEMPTION: RedemptionLine[] = [
  {
    id: 'R-ANY',
    tier: null,
    affiliation: null,
    filter: null,
    rewardPoint: 'STAR',
    points: 100,
    amount: '1.00',
    validFrom: null,
    validTo: null,
  },
  {
    id: 'R-GOLD-BAKERY',
    tier: 'GOLD',
    affiliation: null,
    filter: { category: 'BAKERY' },
    rewardPoint: 'STAR',
    points: 50,
    amount: '1.00',
    validFrom: null,
    validTo: null,
  },
];

export const DEMO_ACTIVITY_TYPES = [
  { id: 'registration', name: 'Registration', rewardPointId: 'STAR', points: 100, limit: 1 },
  { id: 'newsletter', name: 'Newsletter sign-up', rewardPointId: 'STAR', points: 50, limit: 1 },
  { id: 'review', name: 'Product review', rewardPointId: 'STAR', points: 50, limit: 10 },
  { id: 'visit', name: 'Store visit', rewardPointId: 'STAR', points: 10, limit: null },
] as const;

export interface DemoStore {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  /** Its VAT rates are the country's (DEMO_VAT_RATES). */
  readonly country: string;
  readonly timeZone: string;
  readonly profile: FunctionalityProfile;
  readonly registers: readonly string[];
}

export const DEMO_STORES: readonly DemoStore[] = [
  {
    id: 'AMS',
    name: 'Amsterdam Centraal',
    address: 'Stationsplein 15, 1012 AB Amsterdam',
    country: 'NL',
    timeZone: 'Europe/Amsterdam',
    profile: {
      generateCardNumbers: true,
      offlineEarning: true,
      offlineRedemption: { allowancePerCardPerDay: 2000 },
    },
    registers: ['AMS-R1', 'AMS-R2'],
  },
  {
    id: 'UTR',
    name: 'Utrecht Oudegracht',
    address: 'Oudegracht 158, 3511 AZ Utrecht',
    country: 'NL',
    timeZone: 'Europe/Amsterdam',
    profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
    registers: ['UTR-R1', 'UTR-R2'],
  },
];

/**
 * Dutch VAT per demo category, in basis points: food, drink and books at the reduced 9 %, the rest
 * at the standard 21 %. Shelf prices include it; points are earned on the amount before it.
 */
export const DEMO_VAT_RATES: Readonly<Record<string, number>> = {
  COFFEE: 900,
  TEA: 900,
  BAKERY: 900,
  SNACKS: 900,
  BOOKS: 900,
  HOME: 2100,
  TOYS: 2100,
  GADGETS: 2100,
};
export const DEMO_COUNTRY = 'NL';

export interface DemoStaff {
  readonly id: string;
  readonly name: string;
  readonly role: 'cashier' | 'manager' | 'headOffice';
  readonly stores: readonly string[];
  /** Known on purpose: printed on the console so anyone trying the demo can sign in. */
  readonly pin: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { id: 'HQ1', name: 'Hanna Office', role: 'headOffice', stores: [], pin: '9000' },
  { id: 'AMS-M1', name: 'Maarten Manager', role: 'manager', stores: ['AMS'], pin: '1200' },
  { id: 'AMS-C1', name: 'Carla Cashier', role: 'cashier', stores: ['AMS'], pin: '1100' },
  { id: 'UTR-M1', name: 'Mila Manager', role: 'manager', stores: ['UTR'], pin: '2200' },
  { id: 'UTR-C1', name: 'Cas Cashier', role: 'cashier', stores: ['UTR'], pin: '2100' },
];
