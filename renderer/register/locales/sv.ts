import type { RegisterTexts } from './en';

export const sv: RegisterTexts = {
  register: {
    protocol: 'Synkprotokoll {{version}}',
    sync: {
      online: 'Online',
      offline: 'Offline',
      outbox: 'Utkorg: {{count}}',
      rejected: 'Avvisade: {{count}}',
      version: 'Version {{version}}',
      lastContact: 'Senaste kontakt {{time}}',
      never: 'Ingen kontakt än',
      clockOffset: 'Klockavvikelse {{seconds}} s',
      loading: 'Läser in butiksdata',
      loadingText: '{{done}} av {{total}} poster',
      unenrolled:
        'Kassan är inte registrerad. Öppna den med registreringslänken från huvudkontoret.',
      failed: 'Synkningen stoppad: {{error}}',
      status: 'Synkstatus',
    },
  },
};
