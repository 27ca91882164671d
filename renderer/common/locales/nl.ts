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
  errors: {
    offline: 'De server is niet bereikbaar. Controleer het netwerk en probeer het opnieuw.',
  },
};
