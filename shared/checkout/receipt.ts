import type { RewardPoint, Scheme } from '../domain/loyalty';
import { rewardPointMap, schemeRules } from '../domain/toEngine';
import { computeEarning, earningLineIndex, type Earning } from '../engine/earning';
import type { SaleMoment } from '../engine/conditions';
import type { CardStanding, PointsByRewardPoint } from '../engine/model';
import type { LineCover } from '../engine/redemption';
import type { EntryDraft, SaleFact } from '../protocol/sync';
import { minor, type Minor } from '../units/integers';
import { formatAmount, parseAmount } from '../units/money';
import { basketTotal, type PricedLine } from './pricing';
import type { SaleReward } from './saleReward';
import { schemeStamps } from './scheme';

export type Receipt = SaleFact['receipt'];

/** What the register knows of the loyalty side of the sale: the store's currency, schemes, points. */
export interface LoyaltySetup {
  readonly currency: string;
  /** Every scheme that applies to the sale (`schemesThatApply`); none: the sale earns nothing. */
  readonly schemes: readonly Scheme[];
  readonly rewardPoints: readonly RewardPoint[];
  /** When and where the sale is made: promotion lines with days, hours or dates need it. */
  readonly when?: SaleMoment;
}

/** A points tender, reserved on the server (online) or spent from the card's local lots (offline). */
export interface PointsTender {
  readonly id: string;
  readonly reservation: 'online' | 'offline';
  readonly covered: Minor;
  readonly points: PointsByRewardPoint;
  /** The redeem entries: the server's ids when reserved online, the register's own offline. */
  readonly entries: readonly {
    readonly id: string;
    readonly rewardPoint: string;
    readonly points: number;
    readonly lots: readonly { readonly id: string; readonly points: number }[];
  }[];
  readonly lines: readonly LineCover[];
}

export interface MoneyTender {
  readonly id: string;
  readonly kind: 'cash' | 'card';
  readonly amount: Minor;
}

export interface SaleDraft {
  readonly staff: string;
  readonly card: { readonly number: string; readonly standing: CardStanding } | null;
  readonly lines: readonly PricedLine[];
  readonly pointsTenders: readonly PointsTender[];
  readonly moneyTenders: readonly MoneyTender[];
  /** The reward of the catalogue applied (its discount is on `lines` already), if any. */
  readonly reward?: SaleReward | null;
  readonly offline: boolean;
  /** New UUIDs for the entries the sale writes (the register passes crypto.randomUUID). */
  readonly newId: () => string;
}

/** Minor units of each line already paid with points, over every points tender. */
export function paidWithPoints(tenders: readonly PointsTender[]): Map<string, Minor> {
  const paid = new Map<string, Minor>();
  for (const tender of tenders)
    for (const line of tender.lines)
      if (line.covered > 0) paid.set(line.id, minor((paid.get(line.id) ?? 0) + line.covered));
  return paid;
}

/** Points redeemed per line: the points tenders' and the reward's share on the line. */
function redeemedByLine(
  tenders: readonly PointsTender[],
  lines: readonly PricedLine[],
): Map<string, PointsByRewardPoint> {
  const result = new Map<string, PointsByRewardPoint>();
  for (const line of lines) if (line.reward) result.set(line.id, { ...line.reward.points });
  for (const tender of tenders)
    for (const line of tender.lines) {
      const record = result.get(line.id) ?? {};
      for (const [rp, pts] of Object.entries(line.points))
        if (pts !== 0) record[rp] = (record[rp] ?? 0) + pts;
      result.set(line.id, record);
    }
  return result;
}

/** What the sale earns before the cap (the server applies the cap against the posted balance). */
export function earningFor(
  setup: LoyaltySetup,
  card: SaleDraft['card'],
  lines: readonly PricedLine[],
  paid: ReadonlyMap<string, number> = new Map(),
  balances?: PointsByRewardPoint,
): Earning | null {
  if (!card || setup.schemes.length === 0) return null;
  return computeEarning({
    schemes: setup.schemes.map((scheme) => schemeRules(scheme, setup.currency)),
    rewardPoints: rewardPointMap(setup.rewardPoints),
    card: card.standing,
    lines: lines.map((line) => ({
      id: line.id,
      product: line.product,
      category: line.category,
      quantity: line.quantity,
      netAmount: line.netAmount,
      vatRate: line.vatRate,
    })),
    paidWithPoints: paid,
    ...(balances ? { balances } : {}),
    ...(setup.when ? { when: setup.when } : {}),
  });
}

/** A ledger entry as a register records it, with the protocol's defaults for what it leaves out. */
export function entryDraft(
  card: string,
  values: Partial<EntryDraft> & Pick<EntryDraft, 'id' | 'kind' | 'points' | 'rewardPoint'>,
): EntryDraft {
  return {
    card,
    rules: {},
    cropped: 0,
    line: null,
    lots: [],
    reverses: null,
    staff: null,
    comment: null,
    ...values,
  };
}

/** One earn entry per scheme version and reward point, so each entry names the scheme it came from. */
function earnEntries(
  setup: LoyaltySetup,
  card: string,
  earning: Earning,
  newId: () => string,
): EntryDraft[] {
  const lines = earningLineIndex(setup.schemes.map((s) => schemeRules(s, setup.currency)));
  const groups = new Map<
    string,
    { scheme: { id: string; version: number }; rewardPoint: string; rules: Record<string, number> }
  >();
  for (const [rule, pts] of Object.entries(earning.rules)) {
    const line = lines.get(rule);
    if (!line) continue;
    const scheme = { id: line.scheme.id, version: line.scheme.version };
    const key = `${scheme.id}\n${line.rule.rewardPoint}`;
    const group = groups.get(key) ?? { scheme, rewardPoint: line.rule.rewardPoint, rules: {} };
    group.rules[rule] = pts;
    groups.set(key, group);
  }
  return [...groups.values()].map(({ scheme, rewardPoint, rules }) =>
    entryDraft(card, {
      id: newId(),
      kind: 'earn',
      rewardPoint,
      points: Object.values(rules).reduce((a, b) => a + b, 0),
      rules,
      scheme,
    }),
  );
}

/**
 * The receipt of a sale as the register records it: priced lines with what each earned and
 * redeemed, the tenders, and the ledger entries (spends first, then earnings before the cap).
 */
export function buildSaleReceipt(setup: LoyaltySetup, draft: SaleDraft): Receipt {
  if (draft.lines.length === 0) throw new RangeError('a sale needs at least one line');
  const paid = paidWithPoints(draft.pointsTenders);
  const redeemed = redeemedByLine(draft.pointsTenders, draft.lines);
  const earning = earningFor(setup, draft.card, draft.lines, paid);
  const card = draft.card?.number ?? null;
  const reward = card ? (draft.reward ?? null) : null;
  const spends = card
    ? [...(reward ? [reward] : []), ...draft.pointsTenders].flatMap((tender) =>
        tender.entries.map((spend) =>
          entryDraft(card, {
            id: spend.id,
            kind: 'redeem',
            rewardPoint: spend.rewardPoint,
            points: spend.points,
            lots: spend.lots.map((lot) => ({ ...lot })),
          }),
        ),
      )
    : [];
  const earns = card && earning ? earnEntries(setup, card, earning, draft.newId) : [];
  const money = (value: number) => formatAmount(minor(value), setup.currency);
  return {
    staff: draft.staff,
    card,
    standing: draft.card
      ? { tier: draft.card.standing.tier, affiliations: [...draft.card.standing.affiliations] }
      : null,
    currency: setup.currency,
    schemes: card ? schemeStamps(setup.schemes) : [],
    lines: draft.lines.map((line, i) => {
      const paidPart = paid.get(line.id) ?? 0;
      return {
        id: line.id,
        product: line.product,
        category: line.category,
        quantity: line.quantity,
        unitPrice: money(line.unitPrice),
        tierDiscount: money(line.tierDiscount),
        netAmount: money(line.netAmount),
        ...(line.vatRate > 0 ? { vatRate: line.vatRate } : {}),
        earned: { ...(earning?.lines[i]?.earned ?? {}) },
        redeemed: redeemed.get(line.id) ?? {},
        ...(paidPart > 0 ? { paidWithPoints: money(paidPart) } : {}),
        ...(line.reward
          ? { reward: { discount: money(line.reward.discount), points: { ...line.reward.points } } }
          : {}),
      };
    }),
    ...(reward ? { reward: { ...reward.reward, reservation: reward.reservation } } : {}),
    tenders: [
      ...draft.pointsTenders.map((tender) => ({
        id: tender.id,
        kind: 'points' as const,
        amount: money(tender.covered),
        points: { ...tender.points },
        reservation: tender.reservation,
      })),
      ...draft.moneyTenders.map((tender) => ({
        id: tender.id,
        kind: tender.kind,
        amount: money(tender.amount),
      })),
    ],
    total: money(basketTotal(draft.lines)),
    offline: draft.offline,
    returnOf: null,
    entries: [...spends, ...earns],
  };
}

/** What is left to pay after the tenders so far (never below zero; cash above it is change). */
export function amountDue(
  lines: readonly PricedLine[],
  pointsTenders: readonly PointsTender[],
  moneyTenders: readonly MoneyTender[],
): Minor {
  const paid =
    pointsTenders.reduce((sum, t) => sum + t.covered, 0) +
    moneyTenders.reduce((sum, t) => sum + t.amount, 0);
  return minor(Math.max(0, basketTotal(lines) - paid));
}

/**
 * The receipt's number as printed and scanned: store, register and the register's own sequence,
 * unique without the network (a register never repeats a sequence number).
 */
export function receiptNumber(fact: {
  readonly store: string;
  readonly register: string;
  readonly deviceSeq: number;
}): string {
  const register = fact.register.startsWith(`${fact.store}-`)
    ? fact.register
    : `${fact.store}-${fact.register}`;
  return `${register}-${String(fact.deviceSeq).padStart(6, '0')}`;
}

/**
 * Whether a scanned or typed text has a receipt number's shape: the register's id (letters,
 * digits, dashes) and a sequence of at least 6 digits ("S1-R1-000042").
 */
export function isReceiptNumber(text: string): boolean {
  return /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-\d{6,15}$/.test(text.trim()) && /[A-Za-z]/.test(text);
}

/** A card number as a receipt prints it: all but the last 4 digits masked. */
export function maskedCardNumber(number: string): string {
  return '•'.repeat(Math.max(0, number.length - 4)) + number.slice(-4);
}

/** The change handed back: what the tenders paid beyond the total (never negative). */
export function changeOf(receipt: Receipt): Minor {
  const paid = receipt.tenders.reduce(
    (sum, tender) => sum + parseAmount(tender.amount, receipt.currency),
    0,
  );
  return minor(Math.max(0, paid - parseAmount(receipt.total, receipt.currency)));
}
