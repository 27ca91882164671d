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
  errors: {
    offline: 'Servern kan inte nås. Kontrollera nätverket och försök igen.',
    unexpected:
      'Servern kunde inte utföra detta ({{code}}). Försök igen; händer det igen, meddela huvudkontoret.',
    enrolmentCodeUnknown:
      'Registreringskoden är okänd. Kontrollera att den är rätt skriven, eller be huvudkontoret om en ny kod.',
    enrolmentCodeUsed:
      'Registreringskoden har redan använts. Be huvudkontoret om en ny kod för den här kassan.',
    enrolmentCodeExpired: 'Registreringskoden har gått ut. Be huvudkontoret om en ny.',
    enrolmentFailed: 'Servern avvisade registreringen. Be huvudkontoret om en ny kod.',
  },
};
