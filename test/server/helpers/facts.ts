import { randomUUID } from 'node:crypto';
import type { RewardPoint, Scheme } from '../../../shared/domain/loyalty';
import { rewardPointMap, saleLine, schemeRules } from '../../../shared/domain/toEngine';
import { cardNumberFor } from '../../../shared/engine/cardNumbers';
import { refreshStoreSchemes } from '../../../sync-server/src/hq/storeSchemes';
import { computeEarning } from '../../../shared/engine/earning';
import {
  PROTOCOL_VERSION,
  type ApprovedAction,
  type EntryDraft,
  type Fact,
  type PushRequest,
  type PushResponse,
  type SaleFact,
  type Tender,
} from '../../../shared/protocol/sync';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import type { Session } from '../../../sync-server/src/db/database';
import { cards, schemes } from '../../../sync-server/src/db/schema';
import type { ServerConfig } from '../../../sync-server/src/config';
import type { StartOptions } from '../../../sync-server/src/server';
import type { TestBackend } from './backends';
import { BASICS, enrol, seedBasics, signIn } from './fixtures';
import { signApproval } from '../../../sync-server/src/auth/approvals';
import { startTestServer, TEST_APPROVAL_KEY, TEST_START, type TestServer } from './server';

/**
 * Builders of valid facts as a register would push them, with the engine computing what a sale
 * earns, so tests only spell out what they change. Wire form throughout (decimal strings, ISO times).
 */

/** The STAR reward point exactly as seedBasics stores it. */
export const STAR: RewardPoint = {
  id: 'STAR',
  type: 'quantity',
  redeemable: true,
  redeemRanking: 1,
  redemptionThreshold: null,
  maxPerCard: null,
  expiry: { value: 1, unit: 'year' },
  expiryCalculation: 'static',
  vesting: null,
};

/** 10 stars per 1.00 for everyone, 5 more per 1.00 for GOLD; 100 stars pay 1.00. */
export const TEST_SCHEME: Scheme = {
  id: 'SCH',
  version: 1,
  program: BASICS.program,
  validFrom: null,
  validTo: null,
  stores: [],
  earning: [
    {
      id: 'E1',
      tier: null,
      affiliation: null,
      activity: 'salesAmount',
      filter: null,
      per: '1.00',
      rewardPoint: 'STAR',
      points: 10,
    },
    {
      id: 'E2',
      tier: 'GOLD',
      affiliation: null,
      activity: 'salesAmount',
      filter: null,
      per: '1.00',
      rewardPoint: 'STAR',
      points: 5,
    },
  ],
  redemption: [
    {
      id: 'R1',
      tier: null,
      affiliation: null,
      filter: null,
      rewardPoint: 'STAR',
      points: 100,
      amount: '1.00',
      validFrom: null,
      validTo: null,
    },
  ],
  excludedAffiliations: [],
};

export async function seedScheme(session: Session, scheme: Scheme = TEST_SCHEME): Promise<void> {
  await session.db.insert(schemes).values({
    id: scheme.id,
    version: scheme.version,
    programId: scheme.program,
    status: 'active',
    stores: scheme.stores,
    earning: scheme.earning,
    redemption: scheme.redemption,
    excludedAffiliations: scheme.excludedAffiliations,
    activatedAt: new Date(TEST_START - 86_400_000),
    validFrom: scheme.validFrom === null ? null : new Date(scheme.validFrom),
    validTo: scheme.validTo === null ? null : new Date(scheme.validTo),
  });
  // What process-loyalty-schemes would find now, which online redemption reads.
  await refreshStoreSchemes(session, new Date(TEST_START));
}

/** Card numbers for cards tests create directly; outside the server's own number format. */
export function testCardNumber(n: number): string {
  return cardNumberFor({ prefix: '9', sequenceDigits: 9 }, n);
}

export async function createCard(
  session: Session,
  number: string,
  values: Partial<typeof cards.$inferInsert> = {},
): Promise<string> {
  await session.db.insert(cards).values({
    number,
    programId: BASICS.program,
    tierId: 'BASE',
    enrolmentSource: 'headOffice',
    ...values,
  });
  return number;
}

/** Hands out device sequence numbers per register, as a register's outbox does. */
export class DeviceSequence {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

export interface Placement {
  store?: string;
  register?: string;
  deviceTime?: string;
  deviceSeq?: number;
}

const placed = (p: Placement, seq: DeviceSequence | undefined) => ({
  id: randomUUID(),
  store: p.store ?? 'S1',
  register: p.register ?? 'S1-R1',
  deviceTime: p.deviceTime ?? new Date(TEST_START).toISOString(),
  deviceSeq: p.deviceSeq ?? seq?.take() ?? 1,
});

export interface LineSpec {
  id?: string;
  product?: string;
  category?: string;
  quantity?: number;
  net: string;
  /** The VAT rate (basis points) the amount includes. */
  vatRate?: number;
  /** Part of the net amount paid with points. */
  paid?: string;
}

export interface SaleSpec extends Placement {
  card: string | null;
  lines: LineSpec[];
  standing?: { tier: string | null; affiliations: string[] };
  scheme?: Scheme;
  /** Several schemes at once (instead of `scheme`): each earn entry names its own. */
  schemes?: Scheme[];
  /** Stamps the receipt as an older register did: one `scheme`, entries naming none. */
  olderStamp?: boolean;
  rewardPoints?: RewardPoint[];
  offline?: boolean;
  staff?: string;
  /** Spends to carry (from a reservation's entries, or offline ones): negative points. */
  spends?: { id?: string; rewardPoint?: string; points: number; lots?: EntryDraft['lots'] }[];
  /** Points redeemed per line id, as stored on the receipt. */
  redeemedByLine?: Record<string, number>;
  /** Changes the earn entries after the engine computed them (to tamper). */
  tamper?: (entries: EntryDraft[]) => EntryDraft[];
}

function draft(card: string, values: Partial<EntryDraft> & Pick<EntryDraft, 'kind' | 'points'>) {
  return {
    id: randomUUID(),
    card,
    rewardPoint: 'STAR',
    rules: {},
    cropped: 0,
    line: null,
    lots: [],
    reverses: null,
    staff: null,
    comment: null,
    ...values,
  } satisfies EntryDraft;
}

/** What the engine says the sale earns, as the register would record it. */
export function engineEarning(spec: SaleSpec, currency = 'USD') {
  const schemes = spec.schemes ?? [spec.scheme ?? TEST_SCHEME];
  const lines = spec.lines.map((l, i) => ({
    id: l.id ?? String(i + 1),
    product: l.product ?? `P${i + 1}`,
    category: l.category ?? 'GENERAL',
    quantity: l.quantity ?? 1,
    netAmount: l.net,
    ...(l.vatRate === undefined ? {} : { vatRate: l.vatRate }),
  }));
  const earning = computeEarning({
    schemes: schemes.map((scheme) => schemeRules(scheme, currency)),
    rewardPoints: rewardPointMap(spec.rewardPoints ?? [STAR]),
    card: spec.standing ?? { tier: 'BASE', affiliations: [] },
    lines: lines.map((l) => saleLine(l, currency)),
    paidWithPoints: new Map(
      spec.lines.flatMap((l, i) =>
        l.paid ? [[l.id ?? String(i + 1), parseAmount(l.paid, currency)] as const] : [],
      ),
    ),
  });
  return { lines, earning, schemes };
}

function redeemedOn(spec: SaleSpec, lineId: string): Record<string, number> {
  const points = spec.redeemedByLine?.[lineId];
  return points ? { STAR: points } : {};
}

const stampOf = (scheme: Scheme) => ({ id: scheme.id, version: scheme.version });

/** A unit price and discount that give the net amount: the price rounded up, the rest off. */
function pricedAt(net: string, quantity: number): { unitPrice: string; tierDiscount: string } {
  const amount = parseAmount(net, 'USD');
  const unit = Math.ceil(amount / quantity);
  return {
    unitPrice: formatAmount(unit, 'USD'),
    tierDiscount: formatAmount(unit * quantity - amount, 'USD'),
  };
}

/** The basic cashier who works in the store. */
const cashierOf = (store: string) =>
  store === 'S2' ? BASICS.staff.otherCashier : BASICS.staff.cashier;

/** A points tender for the part of the lines paid with points (its spends), cash for the rest. */
function tendersOf(spec: SaleSpec, total: number, spends: readonly EntryDraft[]): Tender[] {
  const byPoints = spec.lines.reduce(
    (acc, l) => acc + (l.paid ? parseAmount(l.paid, 'USD') : 0),
    0,
  );
  const points: Record<string, number> = {};
  for (const s of spends) points[s.rewardPoint] = (points[s.rewardPoint] ?? 0) - s.points;
  const tenders: Tender[] = [];
  if (byPoints > 0)
    tenders.push({
      id: randomUUID(),
      kind: 'points',
      amount: formatAmount(byPoints, 'USD'),
      points,
      reservation: (spec.offline ?? true) ? 'offline' : 'online',
    });
  if (total - byPoints > 0 || tenders.length === 0)
    tenders.push({ id: randomUUID(), kind: 'cash', amount: formatAmount(total - byPoints, 'USD') });
  return tenders;
}

export function saleFact(spec: SaleSpec, seq?: DeviceSequence): SaleFact {
  const { lines, earning, schemes } = engineEarning(spec);
  const card = spec.card;
  const earnRules = new Map<
    string,
    { scheme: Scheme; rp: string; rules: Record<string, number> }
  >();
  for (const [rule, pts] of Object.entries(earning.rules)) {
    const scheme = schemes.find((s) => s.earning.some((l) => l.id === rule)) ?? TEST_SCHEME;
    const rp = scheme.earning.find((l) => l.id === rule)?.rewardPoint ?? 'STAR';
    const key = `${scheme.id}/${rp}`;
    const group = earnRules.get(key) ?? { scheme, rp, rules: {} };
    group.rules[rule] = pts;
    earnRules.set(key, group);
  }
  let earns: EntryDraft[] = card
    ? [...earnRules.values()].map(({ scheme, rp, rules }) =>
        draft(card, {
          kind: 'earn',
          rewardPoint: rp,
          points: Object.values(rules).reduce((a, b) => a + b, 0),
          rules,
          ...(spec.olderStamp ? {} : { scheme: { id: scheme.id, version: scheme.version } }),
        }),
      )
    : [];
  if (spec.tamper) earns = spec.tamper(earns);
  const spends: EntryDraft[] = card
    ? (spec.spends ?? []).map((s) =>
        draft(card, {
          id: s.id ?? randomUUID(),
          kind: 'redeem',
          rewardPoint: s.rewardPoint ?? 'STAR',
          points: s.points,
          lots: s.lots ?? [],
        }),
      )
    : [];
  const total = lines.reduce((acc, l) => acc + parseAmount(l.netAmount, 'USD'), 0);
  return {
    ...placed(spec, seq),
    type: 'sale',
    receipt: {
      staff: spec.staff ?? cashierOf(spec.store ?? 'S1'),
      card,
      standing: card ? (spec.standing ?? { tier: 'BASE', affiliations: [] }) : null,
      currency: 'USD',
      ...(spec.olderStamp
        ? { scheme: card && schemes[0] ? stampOf(schemes[0]) : null }
        : { schemes: card ? schemes.map(stampOf) : [] }),
      lines: lines.map((l, i) => ({
        ...l,
        ...pricedAt(l.netAmount, l.quantity),
        earned: earning.lines[i]?.earned ?? {},
        redeemed: redeemedOn(spec, l.id),
        ...(spec.lines[i]?.paid ? { paidWithPoints: spec.lines[i]?.paid } : {}),
      })),
      tenders: tendersOf(spec, total, spends),
      total: formatAmount(total, 'USD'),
      offline: spec.offline ?? true,
      returnOf: null,
      entries: [...spends, ...earns],
    },
  };
}

/** A return of some lines of `original`, reversing exactly the points its receipt stored. */
export function returnFact(
  original: SaleFact,
  returned: { id: string; quantity: number }[],
  options: Placement & { tamper?: (entries: EntryDraft[]) => EntryDraft[] } = {},
  seq?: DeviceSequence,
): SaleFact {
  const card = original.receipt.card;
  if (!card) throw new Error('a return of a sale without a card reverses no points');
  const byId = new Map(original.receipt.lines.map((l) => [l.id, l]));
  let entries: EntryDraft[] = [];
  for (const r of returned) {
    const line = byId.get(r.id);
    if (!line) throw new Error(`line ${r.id} is not on the receipt`);
    for (const [rp, pts] of Object.entries(line.earned)) {
      const share = Math.floor((pts * r.quantity) / line.quantity);
      if (share > 0)
        entries.push(draft(card, { kind: 'returnEarn', rewardPoint: rp, points: -share }));
    }
    for (const [rp, pts] of Object.entries(line.redeemed)) {
      const share = Math.floor((pts * r.quantity) / line.quantity);
      if (share > 0)
        entries.push(draft(card, { kind: 'refundRedeem', rewardPoint: rp, points: share }));
    }
  }
  if (options.tamper) entries = options.tamper(entries);
  const lines = returned.map((r) => ({ ...(byId.get(r.id) as SaleFact['receipt']['lines'][0]) }));
  return {
    ...placed({ store: original.store, register: original.register, ...options }, seq),
    type: 'sale',
    receipt: {
      ...original.receipt,
      lines,
      tenders: [],
      total: '0.00',
      returnOf: { sale: original.id, lines: returned },
      entries,
    },
  };
}

type IssuedCardFact = Extract<Fact, { type: 'cardIssued' }>;
type CustomerFact = Extract<Fact, { type: 'customer' }>;
type LedgerEntryFact = Extract<Fact, { type: 'ledgerEntry' }>;

export function cardIssuedFact(
  number: string,
  options: Placement & { customer?: string | null; staff?: string } = {},
  seq?: DeviceSequence,
): IssuedCardFact {
  return {
    ...placed(options, seq),
    type: 'cardIssued',
    card: {
      number,
      customer: options.customer ?? null,
      program: BASICS.program,
      staff: options.staff ?? BASICS.staff.manager,
    },
  };
}

export function customerFact(
  customer: Partial<CustomerFact['customer']> & { id: string },
  options: Placement = {},
  seq?: DeviceSequence,
): CustomerFact {
  return {
    ...placed(options, seq),
    type: 'customer',
    customer: {
      name: `Customer ${customer.id}`,
      email: null,
      phone: null,
      affiliations: [],
      blockedForEnrolment: false,
      subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter: false },
      ...customer,
    },
  };
}

/**
 * A manager's approval of the action at the register, signed with the test servers' key as
 * POST /api/sync/approvals signs it (that route has tests of its own), valid for a year.
 */
export function approvalFor(
  placement: { store: string; register: string },
  staff: string,
  action: ApprovedAction,
): string {
  return signApproval(TEST_APPROVAL_KEY, {
    ...placement,
    staff,
    action,
    expiresAt: TEST_START + 365 * 86_400_000,
    nonce: randomUUID(),
  });
}

/** A manager's adjustment, with their approval unless `approval` is given (null: none). */
export function adjustmentFact(
  card: string,
  points: number,
  options: Placement & { staff?: string; comment?: string; approval?: string | null } = {},
  seq?: DeviceSequence,
): LedgerEntryFact {
  const placement = placed(options, seq);
  const staff = options.staff ?? BASICS.staff.manager;
  const approval =
    options.approval === undefined
      ? approvalFor(placement, staff, { kind: 'adjust', card, rewardPoint: 'STAR', points })
      : options.approval;
  return {
    ...placement,
    type: 'ledgerEntry',
    entry: draft(card, { kind: 'adjust', points, staff, comment: options.comment ?? 'goodwill' }),
    ...(approval === null ? {} : { approval }),
  };
}

/** An other activity a manager awarded at a register, queued as a ledger entry fact. */
export function activityFact(
  card: string,
  activityType: string,
  points: number,
  options: Placement & { staff?: string; rewardPoint?: string; approval?: string | null } = {},
  seq?: DeviceSequence,
): LedgerEntryFact {
  const placement = placed(options, seq);
  const staff = options.staff ?? BASICS.staff.manager;
  const approval =
    options.approval === undefined
      ? approvalFor(placement, staff, { kind: 'activity', card, activityType })
      : options.approval;
  return {
    ...placement,
    type: 'ledgerEntry',
    entry: draft(card, {
      kind: 'activity',
      points,
      activityType,
      rewardPoint: options.rewardPoint ?? 'STAR',
      staff,
    }),
    ...(approval === null ? {} : { approval }),
  };
}

export function pushBody(facts: Fact[], extra: Partial<PushRequest> = {}): PushRequest {
  return { protocol: PROTOCOL_VERSION, facts, ...extra };
}

export type PushAnswer = PushResponse;

export interface SyncTestServer {
  readonly server: TestServer;
  /** Register tokens by register id. */
  readonly registers: Record<'S1-R1' | 'S1-R2' | 'S2-R1', string>;
  readonly hq: string;
  push(
    register: keyof SyncTestServer['registers'],
    facts: Fact[],
    extra?: Partial<PushRequest>,
  ): Promise<{ status: number; body: PushResponse }>;
}

/** The real server with the basics, the test scheme and every register enrolled. */
export async function startSyncTestServer(
  backend: TestBackend,
  overrides: Partial<ServerConfig> = {},
  options: Pick<StartOptions, 'log'> = {},
): Promise<SyncTestServer> {
  const server = await startTestServer(backend, overrides, options);
  await seedBasics(server.database);
  await seedScheme(server.database);
  const hq = await signIn(server, 'hq');
  const registers = {
    'S1-R1': await enrol(server, hq, 'S1', 'S1-R1'),
    'S1-R2': await enrol(server, hq, 'S1', 'S1-R2'),
    'S2-R1': await enrol(server, hq, 'S2', 'S2-R1'),
  };
  return {
    server,
    registers,
    hq,
    push: (register, facts, extra = {}) =>
      server.call<PushResponse>('POST', '/api/sync/push', {
        token: registers[register],
        body: pushBody(facts, extra),
      }),
  };
}
