import type { Scheme } from '../domain/loyalty';
import { formatInstant, parseInstant, type Instant } from '../units/time';

/** Where and for whom a sale is made: the store and the program of the card. */
export interface SchemeSetting {
  readonly store: string;
  /** The card's program (a register's cards are of its store's program). */
  readonly program: string | null;
}

function validAt(scheme: Scheme, at: Instant): boolean {
  return (
    (scheme.validFrom === null || parseInstant(scheme.validFrom) <= at) &&
    (scheme.validTo === null || at < parseInstant(scheme.validTo))
  );
}

/** Why one scheme version does not apply in a setting at `at`, or null when it does. */
export function whyNotApplying(
  scheme: Scheme,
  setting: SchemeSetting | null,
  at: Instant,
): string | null {
  const name = `scheme ${scheme.id} version ${scheme.version}`;
  if (setting && scheme.program !== null && scheme.program !== setting.program)
    return `${name} is of program ${scheme.program}, the card is of program ${setting.program ?? 'none'}`;
  if (setting && scheme.stores.length > 0 && !scheme.stores.includes(setting.store))
    return `${name} is not assigned to store ${setting.store}`;
  if (!validAt(scheme, at)) return `${name} is not valid at ${formatInstant(at)}`;
  return null;
}

/**
 * Every scheme that applies to a card at a store at an instant (PRODUCT 3, 4.1): of the store's
 * processed schemes, those of the card's program (or of no program), assigned to the store (or to
 * every store) and valid at `at` (valid from inclusive, valid to exclusive). Without a setting
 * (the simulator trying schemes on a basket) only the validity counts. Of several versions
 * of one scheme the newest counts; different schemes all apply together. Ordered by scheme id, so
 * every caller (register, reservation, re-check, simulator) sees them in the same order.
 */
export function schemesThatApply(
  schemes: readonly Scheme[],
  setting: SchemeSetting | null,
  at: Instant,
): Scheme[] {
  const newest = new Map<string, Scheme>();
  for (const scheme of schemes) {
    if (whyNotApplying(scheme, setting, at) !== null) continue;
    const seen = newest.get(scheme.id);
    if (!seen || seen.version < scheme.version) newest.set(scheme.id, scheme);
  }
  return [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The scheme versions a fact records having used. */
export const schemeStamps = (schemes: readonly Pick<Scheme, 'id' | 'version'>[]) =>
  schemes.map(({ id, version }) => ({ id, version }));
