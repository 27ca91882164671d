/** The console's texts in English: the reference set; every other language has the same keys. */
export const en = {
  nav: { jobs: 'Jobs', main: 'Console sections' },
  jobs: {
    title: 'Jobs',
    name: 'Job',
    schedule: 'Schedule',
    lastRun: 'Last run',
    runNow: 'Run now: {{job}}',
    running: 'Running…',
    history: 'Run history: {{job}}',
    status: 'Status',
    started: 'Started',
    duration: 'Duration',
    counts: 'Counts',
    error: 'Error',
    progress: 'Progress of {{job}}',
    never: 'never',
    enabled: 'on',
    disabled: 'off',
    succeeded: 'succeeded',
    failed: 'failed',
    runningStatus: 'running',
  },
};

export type ConsoleTexts = typeof en;
