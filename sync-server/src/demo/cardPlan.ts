import { computeEarning } from '../../../shared/engine/earning';
import { datesForNewLot, foldLedger, type LedgerFact } from '../../../shared/engine/ledger';
import { lotState, spendOrder, takeFromLots } from '../../../shared/engine/lots';
import type { Lot, RewardPointRules, SaleLine, SchemeRules } from '../../../shared/engine/model';
import { evaluateTier, type TierActivity, type TierRules } from '../../../shared/engine/tiers';
import { minor } from '../../../shared/units/integers';
import { formatAmount } from '../../../shared/units/money';
import { DAY_MS, type Instant } from '../../../shared/units/time';
import type { EntryToPost } from '../ledger/post';
import type { DemoProduct } from './catalogue';
import {
  DEMO_ACTIVITY_TYPES,
  DEMO_CURRENCY,
  DEMO_PROGRAM,
  DEMO_SCHEME,
  DEMO_STAFF,
  DEMO_STORES,
  DEMO_VAT_RATES,
} from './masterData';
import { demoPerson } from './people';
import type { Random } from './random';
import type { CustomerLanguage } from '../../../shared/domain/master';

/** The demo's customers are Dutch stores' customers: most read Dutch, some English, a few others. */
const DEMO_LANGUAGES: readonly CustomerLanguage[] = [
  'nl',
  'nl',
  'en',
  'nl',
  'nl',
  'fr',
  'nl',
  'en',
  'nl',
  'sv',
];

/** Everything one demo card brings: its customer, the card, its receipts and its ledger. */
export interface CardPlan {
  readonly customer: {
    id: string;
    name: string;
    email: string;
    phone: string;
    affiliations: string[];
    notifyBalanceUpdates: boolean;
    notifyExpiryWarnings: boolean;
    language: CustomerLanguage;
  } | null;
  readonly card: {
    number: string;
    customerId: string | null;
    programId: string;
    status: 'active' | 'blocked';
    tierId: string | null;
    tierValidUntil: Date | null;
    enrolmentSource: 'register' | 'headOffice' | 'api';
    enrolmentStoreId: string | null;
    enrolmentRegisterId: string | null;
    issuedAt: Date;
    updatedAt: Date;
  };
  readonly sales: SaleRow[];
  /** In the order they happened. */
  readonly entries: EntryToPost[];
}

export interface SaleRow {
  id: string;
  storeId: string;
  registerId: string;
  staffId: string;
  cardNumber: string;
  currency: string;
  totalMinor: number;
  lines: unknown[];
  tenders: unknown[];
  offline: boolean;
  deviceTime: Date;
  deviceSeq: number;
  serverTime: Date;
}

export interface PlanContext {
  readonly now: Instant;
  readonly catalogue: readonly DemoProduct[];
  readonly scheme: SchemeRules;
  readonly rewardPoints: ReadonlyMap<string, RewardPointRules>;
  readonly tiers: readonly TierRules[];
}

const TIER_KINDS = new Set(['earn', 'activity', 'returnEarn']);
const money = (minorUnits: number) => formatAmount(minorUnits, DEMO_CURRENCY);

/** A card's life so far: what the ledger fold and the tier rules say at each step. */
class CardLife {
  readonly entries: EntryToPost[] = [];
  private readonly facts: LedgerFact[] = [];
  standing: { tier: string | null; validUntil: Instant | null } = { tier: null, validUntil: null };

  constructor(
    private readonly context: PlanContext,
    private readonly cardNumber: string,
  ) {}

  lots(): Lot[] {
    return Object.values(foldLedger(this.facts, this.context.rewardPoints)).flatMap((l) => l.lots);
  }

  post(entry: Omit<EntryToPost, 'cardNumber' | 'origin'>): void {
    const at = entry.earnedAt.getTime();
    const dates =
      entry.points > 0
        ? datesForNewLot(this.context.rewardPoints.get(entry.rewardPointId), at, entry.kind)
        : { vestsAt: null, expiresAt: null };
    this.entries.push({ ...entry, cardNumber: this.cardNumber, origin: 'online' });
    this.facts.push({
      id: entry.id,
      rewardPoint: entry.rewardPointId,
      kind: entry.kind,
      points: entry.points,
      at,
      ...dates,
      lots: entry.lots ?? [],
      reverses: entry.reverses ?? null,
    });
  }

  /** Expire entries for every lot that ran out before `at`, dated at its expiry. */
  expireUntil(at: Instant, random: Random): void {
    const due = this.lots()
      .filter((lot) => lot.expiresAt !== null && lot.expiresAt <= at && lot.remaining > 0)
      .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0));
    for (const lot of due) {
      this.post({
        id: random.uuid(),
        rewardPointId: lot.rewardPoint,
        kind: 'expire',
        points: -lot.remaining,
        earnedAt: new Date(lot.expiresAt ?? at),
        lots: [{ id: lot.id, points: lot.remaining }],
        comment: 'expired',
      });
    }
  }

  available(rewardPoint: string, at: Instant): Lot[] {
    return spendOrder(
      this.lots().filter(
        (lot) => lot.rewardPoint === rewardPoint && lotState(lot, at) === 'available',
      ),
    );
  }

  reevaluateTier(at: Instant): void {
    const activity: TierActivity[] = this.facts
      .filter((f) => TIER_KINDS.has(f.kind))
      .map((f) => ({ rewardPoint: f.rewardPoint, points: f.points, at: f.at }));
    const next = evaluateTier(this.context.tiers, this.standing, activity, at);
    this.standing = { tier: next.tier, validUntil: next.validUntil };
  }
}

interface Visit {
  readonly at: Instant;
  readonly kind: 'sale' | 'activity';
}

function visits(random: Random, from: Instant, to: Instant): Visit[] {
  const shopper = random.pick(['rare', 'regular', 'regular', 'loyal'] as const);
  const count =
    shopper === 'rare'
      ? random.int(0, 2)
      : shopper === 'regular'
        ? random.int(2, 5)
        : random.int(6, 14);
  const result: Visit[] = [];
  for (let i = 0; i < count; i++)
    result.push({ at: random.int(from, to), kind: random.chance(0.06) ? 'activity' : 'sale' });
  return result.sort((a, b) => a.at - b.at);
}

function basket(random: Random, catalogue: readonly DemoProduct[]): SaleLine[] {
  return Array.from({ length: random.int(1, 4) }, (_, i) => {
    const product = random.pick(catalogue);
    const quantity = random.chance(0.8) ? 1 : random.int(2, 3);
    return {
      id: String(i + 1),
      product: product.id,
      category: product.category,
      quantity,
      netAmount: minor(product.priceMinor * quantity),
      vatRate: DEMO_VAT_RATES[product.category] ?? 0,
    };
  });
}

/** Pays up to the whole sale with STAR when the card holds enough (100 STAR = 1.00). */
function pointsToSpend(random: Random, life: CardLife, at: Instant, total: number): number {
  const lots = life.available('STAR', at);
  const available = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  if (available < 100 || !random.chance(0.3)) return 0;
  return Math.floor(Math.min(available, total) / 100) * 100;
}

function paidShare(lines: readonly SaleLine[], covered: number): Map<string, number> {
  const result = new Map<string, number>();
  let left = covered;
  for (const line of lines) {
    const take = Math.min(left, line.netAmount);
    if (take > 0) result.set(line.id, take);
    left -= take;
  }
  return result;
}

interface SaleContext {
  readonly random: Random;
  readonly life: CardLife;
  readonly context: PlanContext;
  readonly cardNumber: string;
  readonly affiliations: readonly string[];
  readonly sequence: number;
}

function sale(s: SaleContext, at: Instant): { row: SaleRow; earnIds: Map<string, string> } {
  const { random, life, context } = s;
  const store = random.pick(DEMO_STORES);
  const registerId = random.pick(store.registers);
  const staffId = DEMO_STAFF.find((p) => p.role === 'cashier' && p.stores.includes(store.id))?.id;
  const lines = basket(random, context.catalogue);
  const total = lines.reduce((sum, line) => sum + line.netAmount, 0);
  const spent = pointsToSpend(random, life, at, total);
  const paidWithPoints = paidShare(lines, spent);
  const earning = computeEarning({
    schemes: [context.scheme],
    rewardPoints: context.rewardPoints,
    card: { tier: life.standing.tier, affiliations: s.affiliations },
    lines,
    paidWithPoints,
  });
  const saleId = random.uuid();
  const common = {
    storeId: store.id,
    registerId,
    receiptId: saleId,
    staffId: staffId ?? null,
    earnedAt: new Date(at),
  };
  const tenders: unknown[] = [];
  if (spent > 0) {
    const { uses } = takeFromLots(life.available('STAR', at), spent);
    const id = random.uuid();
    life.post({ ...common, id, rewardPointId: 'STAR', kind: 'redeem', points: -spent, lots: uses });
    tenders.push({
      id: random.uuid(),
      kind: 'points',
      amount: money(spent),
      points: { STAR: spent },
      reservation: 'online',
    });
  }
  if (total > spent)
    tenders.push({ id: random.uuid(), kind: 'card', amount: money(total - spent) });
  const earnIds = new Map<string, string>();
  for (const [rewardPointId, points] of Object.entries(earning.earned)) {
    if (points <= 0) continue;
    const id = random.uuid();
    earnIds.set(rewardPointId, id);
    const ruleIds = Object.keys(earning.rules).filter((rule) =>
      context.scheme.earning.some((l) => l.id === rule && l.rewardPoint === rewardPointId),
    );
    life.post({
      ...common,
      id,
      rewardPointId,
      kind: 'earn',
      points,
      schemeId: DEMO_SCHEME.id,
      schemeVersion: DEMO_SCHEME.version,
      ruleIds,
    });
  }
  const row: SaleRow = {
    id: saleId,
    storeId: store.id,
    registerId,
    staffId: staffId ?? '',
    cardNumber: s.cardNumber,
    currency: DEMO_CURRENCY,
    totalMinor: total,
    lines: lines.map((line, i) => ({
      id: line.id,
      product: line.product,
      category: line.category,
      quantity: line.quantity,
      unitPrice: money(line.netAmount / line.quantity),
      tierDiscount: money(0),
      netAmount: money(line.netAmount),
      ...(line.vatRate ? { vatRate: line.vatRate } : {}),
      earned: earning.lines[i]?.earned ?? {},
      redeemed: paidWithPoints.has(line.id) ? { STAR: paidWithPoints.get(line.id) } : {},
    })),
    tenders,
    offline: false,
    deviceTime: new Date(at),
    deviceSeq: s.sequence,
    serverTime: new Date(at),
  };
  return { row, earnIds };
}

/** Now and then a customer brings everything back: the earned points come back out. */
function returnSale(s: SaleContext, at: Instant, earnIds: Map<string, string>, receipt: string) {
  for (const [rewardPointId, reverses] of earnIds) {
    const earned = s.life.entries.find((e) => e.id === reverses)?.points ?? 0;
    s.life.post({
      id: s.random.uuid(),
      rewardPointId,
      kind: 'returnEarn',
      points: -earned,
      earnedAt: new Date(at),
      reverses,
      receiptId: receipt,
      comment: 'returned',
    });
  }
}

function activity(s: SaleContext, at: Instant, type: (typeof DEMO_ACTIVITY_TYPES)[number]) {
  s.life.post({
    id: s.random.uuid(),
    rewardPointId: type.rewardPointId,
    kind: 'activity',
    points: type.points,
    earnedAt: new Date(at),
    activityType: type.id,
  });
}

/** Removes and returns, oldest first, the items due at or before `at`. */
function takeDue<T extends { at: Instant }>(pending: T[], at: Instant): T[] {
  const due = pending.filter((item) => item.at <= at).sort((a, b) => a.at - b.at);
  for (const item of due) pending.splice(pending.indexOf(item), 1);
  return due;
}

const activityType = (id: string) =>
  DEMO_ACTIVITY_TYPES.find((t) => t.id === id) ?? DEMO_ACTIVITY_TYPES[0];

/** One card of the demo, made only from its own generator so every run makes the same card. */
export function planCard(
  random: Random,
  index: number,
  cardNumber: string,
  context: PlanContext,
): CardPlan {
  const { now } = context;
  const issuedAt = now - random.int(2, 730) * DAY_MS - random.int(0, DAY_MS - 1);
  const anonymous = random.chance(0.2);
  const affiliations = [
    ...(random.chance(0.1) ? ['VETERAN'] : []),
    ...(random.chance(0.08) ? ['STUDENT'] : []),
    ...(random.chance(0.03) ? ['EMPLOYEE'] : []),
  ];
  const customer = anonymous
    ? null
    : {
        id: `CU${String(index + 1).padStart(6, '0')}`,
        ...demoPerson(random, index),
        affiliations,
        notifyBalanceUpdates: random.chance(0.25),
        notifyExpiryWarnings: random.chance(0.4),
        // From the index, not the random stream, so the rest of the card's history stays as it was.
        language: DEMO_LANGUAGES[index % DEMO_LANGUAGES.length] ?? 'nl',
      };
  const store = random.pick(DEMO_STORES);
  const source = random.pick(['register', 'register', 'register', 'headOffice', 'api'] as const);
  const life = new CardLife(context, cardNumber);
  const s: SaleContext = {
    random,
    life,
    context,
    cardNumber,
    affiliations: customer?.affiliations ?? [],
    sequence: index * 100,
  };
  if (customer) activity(s, issuedAt + 60_000, activityType('registration'));
  if (customer && random.chance(0.3)) activity(s, issuedAt + 120_000, activityType('newsletter'));

  const sales: SaleRow[] = [];
  const returns: { at: Instant; earnIds: Map<string, string>; receipt: string }[] = [];
  for (const visit of visits(random, issuedAt + DAY_MS / 2, now - 60_000)) {
    for (const due of takeDue(returns, visit.at)) {
      life.expireUntil(due.at, random);
      returnSale(s, due.at, due.earnIds, due.receipt);
    }
    life.expireUntil(visit.at, random);
    life.reevaluateTier(visit.at);
    if (visit.kind === 'activity') {
      activity(s, visit.at, activityType(random.chance(0.5) ? 'review' : 'visit'));
      continue;
    }
    const made = sale({ ...s, sequence: s.sequence + sales.length }, visit.at);
    sales.push(made.row);
    const returnAt = visit.at + random.int(1, 14) * DAY_MS;
    if (random.chance(0.04) && made.row.tenders.length === 1 && returnAt < now)
      returns.push({ at: returnAt, earnIds: made.earnIds, receipt: made.row.id });
  }
  for (const due of takeDue(returns, now)) {
    life.expireUntil(due.at, random);
    returnSale(s, due.at, due.earnIds, due.receipt);
  }
  life.expireUntil(now, random);
  life.reevaluateTier(now);

  return {
    customer,
    card: {
      number: cardNumber,
      customerId: customer?.id ?? null,
      programId: DEMO_PROGRAM,
      status: random.chance(0.02) ? 'blocked' : 'active',
      tierId: life.standing.tier,
      tierValidUntil: life.standing.validUntil === null ? null : new Date(life.standing.validUntil),
      enrolmentSource: source,
      enrolmentStoreId: source === 'register' ? store.id : null,
      enrolmentRegisterId: source === 'register' ? random.pick(store.registers) : null,
      issuedAt: new Date(issuedAt),
      updatedAt: new Date(now),
    },
    sales,
    entries: life.entries,
  };
}
