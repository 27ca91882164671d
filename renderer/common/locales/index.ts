import { en, type Texts } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { sv } from './sv';

/** Texts every app shares (its name, sign-in, errors), by language. */
export const commonTexts = { en, nl, sv, fr } satisfies Record<string, Texts>;
