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
  nav: { jobs: 'Tâches', main: 'Sections de la console' },
  jobs: {
    title: 'Tâches',
    name: 'Tâche',
    schedule: 'Planification',
    lastRun: 'Dernière exécution',
    runNow: 'Exécuter maintenant : {{job}}',
    running: 'En cours…',
    history: 'Historique : {{job}}',
    status: 'Statut',
    started: 'Début',
    duration: 'Durée',
    counts: 'Comptes',
    error: 'Erreur',
    progress: 'Avancement de {{job}}',
    never: 'jamais',
    enabled: 'activé',
    disabled: 'désactivé',
    succeeded: 'réussie',
    failed: 'échouée',
    runningStatus: 'en cours',
  },
  errors: { offline: 'Le serveur est injoignable. Vérifiez le réseau et réessayez.' },
};
