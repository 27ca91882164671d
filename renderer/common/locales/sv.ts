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
  nav: { jobs: 'Jobb', main: 'Konsolens delar' },
  jobs: {
    title: 'Jobb',
    name: 'Jobb',
    schedule: 'Schema',
    lastRun: 'Senaste körning',
    runNow: 'Kör nu: {{job}}',
    running: 'Kör…',
    history: 'Körhistorik: {{job}}',
    status: 'Status',
    started: 'Startad',
    duration: 'Varaktighet',
    counts: 'Antal',
    error: 'Fel',
    progress: 'Förlopp för {{job}}',
    never: 'aldrig',
    enabled: 'på',
    disabled: 'av',
    succeeded: 'lyckades',
    failed: 'misslyckades',
    runningStatus: 'körs',
  },
  errors: { offline: 'Servern kan inte nås. Kontrollera nätverket och försök igen.' },
};
