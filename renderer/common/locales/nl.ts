import type { Texts } from './en';

export const nl: Texts = {
  app: { console: 'Hoofdkantoorconsole', register: 'Kassa', language: 'Taal' },
  signIn: {
    title: 'Aanmelden',
    staffId: 'Personeelsnummer',
    pin: 'Pincode',
    submit: 'Aanmelden',
    signOut: 'Afmelden',
    signedInAs: 'Aangemeld als {{name}}',
    headOfficeOnly:
      'De console is voor medewerkers van het hoofdkantoor. Meld u aan met een pincode van het hoofdkantoor.',
  },
  nav: { jobs: 'Taken', main: 'Onderdelen van de console' },
  jobs: {
    title: 'Taken',
    name: 'Taak',
    schedule: 'Planning',
    lastRun: 'Laatste uitvoering',
    runNow: 'Nu uitvoeren: {{job}}',
    running: 'Bezig…',
    history: 'Geschiedenis: {{job}}',
    status: 'Status',
    started: 'Gestart',
    duration: 'Duur',
    counts: 'Aantallen',
    error: 'Fout',
    progress: 'Voortgang van {{job}}',
    never: 'nooit',
    enabled: 'aan',
    disabled: 'uit',
    succeeded: 'geslaagd',
    failed: 'mislukt',
    runningStatus: 'bezig',
  },
  errors: {
    offline: 'De server is niet bereikbaar. Controleer het netwerk en probeer het opnieuw.',
  },
};
