import type { Texts } from './en';

export const sv: Texts = {
  app: { console: 'Huvudkontorets konsol', register: 'Kassa', language: 'Språk' },
  signIn: {
    title: 'Logga in',
    staffId: 'Personal-id',
    pin: 'PIN-kod',
    submit: 'Logga in',
    signOut: 'Logga ut',
    signedInAs: 'Inloggad som {{name}}',
    headOfficeOnly:
      'Konsolen är för huvudkontorets personal. Logga in med en PIN-kod för huvudkontoret.',
  },
  errors: { offline: 'Servern kan inte nås. Kontrollera nätverket och försök igen.' },
};
