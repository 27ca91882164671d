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
  errors: { offline: 'Le serveur est injoignable. Vérifiez le réseau et réessayez.' },
};
