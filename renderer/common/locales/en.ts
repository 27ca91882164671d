/** English: the reference set of texts; every other language has the same keys. */
export const en = {
  app: { console: 'Head office console', register: 'Register', language: 'Language' },
  signIn: {
    title: 'Sign in',
    staffId: 'Staff id',
    pin: 'PIN',
    submit: 'Sign in',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {{name}}',
    headOfficeOnly: 'The console is for head office staff. Sign in with a head office PIN.',
  },
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
  errors: { offline: 'The server cannot be reached. Check the network and try again.' },
};

export type Texts = typeof en;
