import { auth } from './auth';
import { cards } from './cards';
import type { RouteContract } from './contract';
import { hq, jobs } from './hq';
import { ops } from './ops';
import { sync } from './sync';

export * from './contract';
export * from './sync';
export * from './cardWire';
export * from './awardWire';
export { StaffSession } from './auth';
export { RUN_WAIT_MS } from './hq';
export * from './hqWire';
export * from './jobWire';
export * from './masterWire';
export * from './reportWire';
export * from './reviewWire';

/**
 * The API, one entry per route, grouped by area. The server registers its routes and their
 * access levels from these entries; the register, the console and the tests call them through
 * the typed client (renderer/common/api.ts).
 */
export const api = { ops, auth, sync, cards, hq, jobs };

function entriesOf(group: object): RouteContract[] {
  return Object.values(group).flatMap((value: unknown) =>
    isRoute(value) ? [value] : entriesOf(value as object),
  );
}

function isRoute(value: unknown): value is RouteContract {
  return typeof value === 'object' && value !== null && 'method' in value && 'path' in value;
}

/** Every route of the API. */
export const API_ROUTES: readonly RouteContract[] = entriesOf(api);
