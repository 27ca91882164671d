import type { ConsoleTexts } from './en';

export const nl: ConsoleTexts = {
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
};
