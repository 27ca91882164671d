/** What the card routes answer (sync-server/src/cards/wire.ts). */
export interface CardCustomer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface CardHit {
  number: string;
  program: string;
  tier: string | null;
  status: 'active' | 'blocked' | 'replaced';
  customer: CardCustomer | null;
}

export interface CardBalance {
  rewardPoint: string;
  posted: number;
  available: number;
  unvested: number;
  pending: number;
  expiring30: number;
}

export type EnrolmentSource =
  { kind: 'register'; store: string; register: string } | { kind: 'headOffice' } | { kind: 'api' };

export interface CardView extends CardHit {
  tierValidUntil: string | null;
  replacedBy: string | null;
  source: EnrolmentSource;
  issuedAt: string;
  balances: CardBalance[];
  /** A tier set by hand, present while it is held. */
  tierHold?: { until: string; reason: string | null; setBy: string | null };
}

export interface HistoryEntry {
  seq: number;
  id: string;
  card: string;
  rewardPoint: string;
  kind: string;
  points: number;
  status: 'pending' | 'posted' | 'rejected';
  reason: string | null;
  origin: 'online' | 'offline';
  cropped: number;
  store: string | null;
  register: string | null;
  receipt: string | null;
  line: string | null;
  scheme: string | null;
  schemeVersion: number | null;
  rules: string[];
  earnedAt: string;
  vestsAt: string | null;
  expiresAt: string | null;
  staff: string | null;
  comment: string | null;
  deviceTime: string | null;
  deviceSeq: number | null;
  serverTime: string;
  lots: { id: string; points: number }[] | null;
  reverses: string | null;
  fact: string | null;
  activityType: string | null;
}
