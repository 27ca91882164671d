import { en, type ConsoleTexts } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { sv } from './sv';

export const consoleTexts = { en, nl, sv, fr } satisfies Record<string, ConsoleTexts>;
