import type { ConsoleTexts } from './en';

export const sv: ConsoleTexts = {
  nav: { jobs: 'Jobb', main: 'Konsolens delar' },
  jobs: {
    title: 'Jobb',
    name: 'Jobb',
    schedule: 'Schema',
    lastRun: 'Senaste körning',
    runNow: 'Kör nu: {{job}}',
    running: 'Kör…',
    history: 'Körhistorik: {{job}}',
    status: 'Status',
    started: 'Startad',
    duration: 'Varaktighet',
    counts: 'Antal',
    error: 'Fel',
    progress: 'Förlopp för {{job}}',
    never: 'aldrig',
    enabled: 'på',
    disabled: 'av',
    succeeded: 'lyckades',
    failed: 'misslyckades',
    runningStatus: 'körs',
  },
};
