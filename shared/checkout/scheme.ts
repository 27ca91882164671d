import type { Scheme } from '../domain/loyalty';
import type { Store } from '../domain/master';
import { parseInstant, type Instant } from '../units/time';

/**
 * The scheme a register earns and redeems with: of the distributed schemes of the store's
 * program assigned to the store (or to every store) and valid at `at`, the newest version.
 */
export function currentScheme(
  schemes: readonly Scheme[],
  store: Pick<Store, 'id' | 'program'>,
  at: Instant,
): Scheme | null {
  const valid = schemes.filter(
    (scheme) =>
      (scheme.program === null || scheme.program === store.program) &&
      (scheme.stores.length === 0 || scheme.stores.includes(store.id)) &&
      (scheme.validFrom === null || parseInstant(scheme.validFrom) <= at) &&
      (scheme.validTo === null || at < parseInstant(scheme.validTo)),
  );
  valid.sort((a, b) => b.version - a.version || a.id.localeCompare(b.id));
  return valid[0] ?? null;
}
