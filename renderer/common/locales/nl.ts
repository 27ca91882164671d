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
    unexpected:
      'De server kon dit niet uitvoeren ({{code}}). Probeer het opnieuw; gebeurt het weer, meld het dan aan het hoofdkantoor.',
    enrolmentCodeUnknown:
      'Deze aanmeldcode is onbekend. Controleer hem op typfouten, of vraag het hoofdkantoor om een nieuwe code.',
    enrolmentCodeUsed:
      'Deze aanmeldcode is al gebruikt. Vraag het hoofdkantoor om een nieuwe code voor deze kassa.',
    enrolmentCodeExpired: 'Deze aanmeldcode is verlopen. Vraag het hoofdkantoor om een nieuwe.',
    enrolmentFailed: 'De server weigerde de aanmelding. Vraag het hoofdkantoor om een nieuwe code.',
  },
};
