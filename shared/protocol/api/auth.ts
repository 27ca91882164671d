import { z } from 'zod';
import { Id } from '../../domain/common';
import { StaffRole } from '../../domain/master';
import { route } from './contract';

export const StaffSession = z.object({
  token: z.string(),
  staff: z.object({ id: Id, name: z.string(), role: StaffRole, stores: z.array(Id) }),
  expiresAt: z.string(),
});
export type StaffSession = z.infer<typeof StaffSession>;

/** Staff sign-in and sign-out, and a register's enrolment with its one-time code. */
export const auth = {
  signIn: route({
    method: 'POST',
    path: '/api/auth/sign-in',
    access: 'public',
    limit: 'secret',
    body: z.object({ staff: Id, pin: z.string().min(1).max(32) }),
    reply: StaffSession,
    tags: ['auth'],
  }),
  signOut: route({
    method: 'POST',
    path: '/api/auth/sign-out',
    access: 'public',
    reply: z.null(),
    status: 204,
    tags: ['auth'],
  }),
  enrol: route({
    method: 'POST',
    path: '/api/registers/enrol',
    access: 'public',
    limit: 'secret',
    body: z.object({ code: z.string().min(4).max(40) }),
    reply: z.object({ token: z.string(), store: Id, register: Id }),
    tags: ['registers'],
  }),
};
