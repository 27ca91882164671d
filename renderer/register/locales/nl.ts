import type { RegisterTexts } from './en';

export const nl: RegisterTexts = {
  register: { protocol: 'Synchronisatieprotocol {{version}}' },
};
