import { en, type RegisterTexts } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { sv } from './sv';

export const registerTexts = { en, nl, sv, fr } satisfies Record<string, RegisterTexts>;
