import { route } from './contract';

/** The server's own: probes, metrics, the register's and the console's pages. */
export const ops = {
  liveness: route({ method: 'GET', path: '/healthz', access: 'public' }),
  readiness: route({ method: 'GET', path: '/readyz', access: 'public' }),
  metrics: route({ method: 'GET', path: '/metrics', access: 'metrics' }),
  registerPage: route({ method: 'GET', path: '/', access: 'public' }),
  registerFiles: route({ method: 'GET', path: '/*', access: 'public' }),
  consolePage: route({ method: 'GET', path: '/hq', access: 'public' }),
  consoleFiles: route({ method: 'GET', path: '/hq/*', access: 'public' }),
};
