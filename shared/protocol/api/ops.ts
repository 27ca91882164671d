import { z } from 'zod';
import { route } from './contract';

/** The server's own: probes, metrics, the register's and the console's pages. */
export const ops = {
  /** Is the process alive (never touches the database). */
  liveness: route({
    method: 'GET',
    path: '/healthz',
    access: 'public',
    limit: 'probe',
    reply: z.object({ ok: z.literal(true), database: z.string() }),
  }),
  /** Can it serve: the database reachable and every migration applied (503 otherwise). */
  readiness: route({
    method: 'GET',
    path: '/readyz',
    access: 'public',
    limit: 'probe',
    reply: z.object({ ok: z.literal(true), migrations: z.int().nonnegative() }),
  }),
  metrics: route({ method: 'GET', path: '/metrics', access: 'metrics', limit: 'probe' }),
  registerPage: route({ method: 'GET', path: '/', access: 'public' }),
  registerFiles: route({
    method: 'GET',
    path: '/*',
    access: 'public',
    params: z.object({ '*': z.string() }),
  }),
  consolePage: route({ method: 'GET', path: '/hq', access: 'public' }),
  consoleFiles: route({ method: 'GET', path: '/hq/*', access: 'public' }),
};
