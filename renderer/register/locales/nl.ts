import type { RegisterTexts } from './en';

export const nl: RegisterTexts = {
  register: {
    protocol: 'Synchronisatieprotocol {{version}}',
    sync: {
      online: 'Online',
      offline: 'Offline',
      outbox: 'Wachtrij: {{count}}',
      rejected: 'Geweigerd: {{count}}',
      version: 'Versie {{version}}',
      lastContact: 'Laatste contact {{time}}',
      never: 'Nog geen contact',
      clockOffset: 'Klokverschil {{seconds}} s',
      loading: 'Winkelgegevens laden',
      loadingText: '{{done}} van {{total}} items',
      unenrolled: 'Deze kassa is niet aangemeld. Open hem met de aanmeldlink van het hoofdkantoor.',
      failed: 'Synchronisatie gestopt: {{error}}',
      status: 'Synchronisatiestatus',
    },
  },
};
