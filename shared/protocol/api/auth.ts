import { route } from './contract';

/** Staff sign-in and sign-out, and a register's enrolment with its one-time code. */
export const auth = {
  signIn: route({ method: 'POST', path: '/api/auth/sign-in', access: 'public' }),
  signOut: route({ method: 'POST', path: '/api/auth/sign-out', access: 'public' }),
  enrol: route({ method: 'POST', path: '/api/registers/enrol', access: 'public' }),
};
