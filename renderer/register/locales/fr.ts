import type { RegisterTexts } from './en';

export const fr: RegisterTexts = {
  register: {
    protocol: 'Protocole de synchronisation {{version}}',
    sync: {
      online: 'En ligne',
      offline: 'Hors ligne',
      outbox: "File d'envoi : {{count}}",
      rejected: 'Refusés : {{count}}',
      version: 'Version {{version}}',
      lastContact: 'Dernier contact {{time}}',
      never: 'Pas encore de contact',
      clockOffset: "Décalage d'horloge {{seconds}} s",
      loading: 'Chargement des données du magasin',
      loadingText: '{{done}} sur {{total}} éléments',
      unenrolled:
        "Cette caisse n'est pas enregistrée. Ouvrez-la avec le lien d'enregistrement du siège.",
      failed: 'Synchronisation arrêtée : {{error}}',
      status: 'État de la synchronisation',
    },
  },
};
