import type { RegisterTexts } from './en';

export const fr: RegisterTexts = {
  register: { protocol: 'Protocole de synchronisation {{version}}' },
};
