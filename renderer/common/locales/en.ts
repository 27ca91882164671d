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
  errors: {
    offline: 'The server cannot be reached. Check the network and try again.',
    unexpected:
      'The server could not do this ({{code}}). Try again; if it happens again, tell head office.',
    enrolmentCodeUnknown:
      'This enrolment code is not known. Check it for typos, or ask head office for a new code.',
    enrolmentCodeUsed:
      'This enrolment code was already used. Ask head office for a new code for this register.',
    enrolmentCodeExpired: 'This enrolment code has expired. Ask head office for a new one.',
    enrolmentFailed: 'The server refused the enrolment. Ask head office for a new code.',
  },
};

export type Texts = typeof en;
