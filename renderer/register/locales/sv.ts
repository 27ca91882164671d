import type { RegisterTexts } from './en';

export const sv: RegisterTexts = {
  register: { protocol: 'Synkprotokoll {{version}}' },
};
