import type { ConsoleTexts } from './en';

export const fr: ConsoleTexts = {
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
};
