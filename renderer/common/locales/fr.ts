import type { Texts } from './en';

export const fr: Texts = {
  app: { console: 'Console du siège', register: 'Caisse', language: 'Langue' },
  signIn: {
    title: 'Connexion',
    staffId: 'Identifiant employé',
    pin: 'Code PIN',
    submit: 'Se connecter',
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté en tant que {{name}}',
    headOfficeOnly:
      'La console est réservée au personnel du siège. Connectez-vous avec un code PIN du siège.',
  },
  errors: {
    offline: 'Le serveur est injoignable. Vérifiez le réseau et réessayez.',
    unexpected:
      "Le serveur n'a pas pu le faire ({{code}}). Réessayez ; si cela se reproduit, prévenez le siège.",
    enrolmentCodeUnknown:
      "Ce code d'enregistrement est inconnu. Vérifiez-le, ou demandez un nouveau code au siège.",
    enrolmentCodeUsed:
      "Ce code d'enregistrement a déjà servi. Demandez au siège un nouveau code pour cette caisse.",
    enrolmentCodeExpired: "Ce code d'enregistrement a expiré. Demandez-en un nouveau au siège.",
    enrolmentFailed: "Le serveur a refusé l'enregistrement. Demandez un nouveau code au siège.",
  },
};
