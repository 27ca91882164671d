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
