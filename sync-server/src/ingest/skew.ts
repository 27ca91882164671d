import type { Fact } from '../../../shared/protocol/sync';
import { cardOfFact } from './cardIssue';

/**
 * Whether a fact's device time can be trusted for vesting and expiry (PRODUCT 5). With the
 * register's send time the server knows the clock offset itself, so a fact made offline hours ago
 * by a correct clock is not flagged; without it, the device time is compared with the server clock.
 */
export function isClockSkewed(
  deviceTime: number,
  sentAt: number | null,
  serverNow: number,
  windowMs: number,
): boolean {
  if (sentAt === null) return Math.abs(deviceTime - serverNow) > windowMs;
  const clockOff = Math.abs(sentAt - serverNow) > windowMs;
  const fromTheFuture = deviceTime > sentAt + windowMs;
  return clockOff || fromTheFuture;
}

/** Device clock minus server clock, in ms, as head office's sync-health view shows it. */
export function clockOffsetMs(
  sentAt: number | null,
  latestDeviceTime: number,
  serverNow: number,
): number {
  return (sentAt ?? latestDeviceTime) - serverNow;
}

/** No register of this system made a sale before this: a device time before it is a broken clock. */
export const EARLIEST_DEVICE_TIME = Date.UTC(2000, 0, 1);

/**
 * The register's last quiet contact: a report with an empty outbox, so every fact it had made was
 * already stored, the latest with sequence number `seq`. Every fact with a higher sequence number
 * was made after it.
 */
export interface QuietContact {
  /** Server time of the contact, ms. */
  readonly at: number;
  /** Device clock minus server clock then, ms. */
  readonly offsetMs: number;
  readonly seq: number;
  /** The distribution version the register reported holding then, or null when never told. */
  readonly version: number | null;
}

/**
 * Whether a fact's device time contradicts what the server knows of its register (PRODUCT 5): a
 * date no register clock shows (1970, year 0001), or a fact made after the register's last quiet
 * contact but dated before it (on the register's own clock, within the skew window): backdated.
 */
export function isBackdated(
  deviceTime: number,
  deviceSeq: number,
  quiet: QuietContact | null,
  windowMs: number,
): boolean {
  if (deviceTime < EARLIEST_DEVICE_TIME) return true;
  if (quiet === null || deviceSeq <= quiet.seq) return false;
  return deviceTime < quiet.at + quiet.offsetMs - windowMs;
}

/**
 * Whether a fact is dated before its card was issued (beyond the skew window): no register earns
 * or spends on a card before it exists, so its device time is not believed. An issue time after
 * the server's own clock (a register clock ahead when it issued the card offline) bounds nothing.
 */
export function isBeforeIssue(
  deviceTime: number,
  issuedAt: number | undefined,
  serverNow: number,
  windowMs: number,
): boolean {
  if (issuedAt === undefined || issuedAt > serverNow) return false;
  return deviceTime < issuedAt - windowMs;
}

/**
 * What the server knows of a fact's date beyond its register's clock: backdated after the
 * register's last quiet contact, or dated before its card was issued. Push and the journal import
 * doubt the same facts.
 */
export function contradictsWhatServerKnows(
  fact: Fact,
  deviceTime: number,
  quiet: QuietContact | null,
  issued: ReadonlyMap<string, number>,
  serverNow: number,
  windowMs: number,
): boolean {
  const card = cardOfFact(fact);
  return (
    isBackdated(deviceTime, fact.deviceSeq, quiet, windowMs) ||
    isBeforeIssue(deviceTime, card === null ? undefined : issued.get(card), serverNow, windowMs)
  );
}
