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
  errors: { offline: 'The server cannot be reached. Check the network and try again.' },
};

export type Texts = typeof en;
