import type { Scheme } from '../domain/loyalty';
import { inTimeWindow, type SaleMoment } from '../engine/conditions';
import { minuteOfDay } from '../units/localTime';
import { formatInstant, parseInstant } from '../units/time';

/** Where and for whom a sale is made: the store and the program of the card. */
export interface SchemeSetting {
  readonly store: string;
  /** The card's program (a register's cards are of its store's program). */
  readonly program: string | null;
}

/** A scheme's dates, days and hours (its minimum basket is the engine's, per sale). */
function inWindow(scheme: Scheme, when: SaleMoment): boolean {
  return inTimeWindow(
    {
      validFrom: scheme.validFrom === null ? null : parseInstant(scheme.validFrom),
      validTo: scheme.validTo === null ? null : parseInstant(scheme.validTo),
      days: scheme.days ?? null,
      hours: scheme.hours
        ? { from: minuteOfDay(scheme.hours.from), to: minuteOfDay(scheme.hours.to) }
        : null,
    },
    when,
  );
}

/** Why one scheme version does not apply in a setting at `at`, or null when it does. */
export function whyNotApplying(
  scheme: Scheme,
  setting: SchemeSetting | null,
  when: SaleMoment,
): string | null {
  const name = `scheme ${scheme.id} version ${scheme.version}`;
  if (setting && scheme.program !== null && scheme.program !== setting.program)
    return `${name} is of program ${scheme.program}, the card is of program ${setting.program ?? 'none'}`;
  if (setting && scheme.stores.length > 0 && !scheme.stores.includes(setting.store))
    return `${name} is not assigned to store ${setting.store}`;
  if (!inWindow(scheme, when))
    return `${name} is not valid at ${formatInstant(when.at)} (time zone ${when.timeZone})`;
  return null;
}

/**
 * Every scheme that applies to a card at a store at an instant (PRODUCT 3, 4.1): of the store's
 * processed schemes, those of the card's program (or of no program), assigned to the store (or to
 * every store) and valid at `when` (valid from inclusive, valid to exclusive; a promotion's days
 * and hours read in the store's time zone). Without a setting
 * (the simulator trying schemes on a basket) only the validity counts. Of several versions
 * of one scheme the newest counts; different schemes all apply together. Ordered by scheme id, so
 * every caller (register, reservation, re-check, simulator) sees them in the same order.
 */
export function schemesThatApply(
  schemes: readonly Scheme[],
  setting: SchemeSetting | null,
  when: SaleMoment,
): Scheme[] {
  const newest = new Map<string, Scheme>();
  for (const scheme of schemes) {
    if (whyNotApplying(scheme, setting, when) !== null) continue;
    const seen = newest.get(scheme.id);
    if (!seen || seen.version < scheme.version) newest.set(scheme.id, scheme);
  }
  return [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The scheme versions a fact records having used. */
export const schemeStamps = (schemes: readonly Pick<Scheme, 'id' | 'version'>[]) =>
  schemes.map(({ id, version }) => ({ id, version }));
