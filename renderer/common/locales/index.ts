import { en, type Texts } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { sv } from './sv';

/** Texts every app shares (its name, sign-in, errors), by language. */
export const commonTexts = { en, nl, sv, fr } satisfies Record<string, Texts>;

const isSection = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An app's texts on top of the shared ones, section by section: the console's `fields` add to (and
 * may reword) the shared field names the error sentences use, instead of replacing them all.
 */
export function mergeTexts(
  shared: Record<string, unknown>,
  app: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(app)) {
    const base = merged[key];
    merged[key] = isSection(base) && isSection(value) ? { ...base, ...value } : value;
  }
  return merged;
}
