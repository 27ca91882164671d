import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { api } from '../../../../shared/protocol/api';
import type { RouteModule } from '../app';
import { serve } from '../serve';
import { DomainError } from '../../errors';

/** Where `vite build` puts the register (vite.config.ts). */
export const RENDERER_DIR = fileURLToPath(new URL('../../../../dist/renderer', import.meta.url));

/** Paths that belong to the server itself: an unknown one is a 404, never the register's page. */
const SERVER_PATHS = /^(api|docs|healthz|readyz|metrics)(\/|$)/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not built yet</title></head>
<body><h1>The register and the console are not built yet</h1>
<p>Run <code>npx vite build</code> (or <code>npm start</code>, which builds it first), then reload.</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p></body></html>
`;

/** A file of the built register that the path names, or null (then the app's index.html answers). */
function builtFile(root: string, wanted: string): string | null {
  if (wanted === '') return null;
  const full = path.resolve(root, wanted);
  if (!full.startsWith(root + path.sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? path.relative(root, full) : null;
}

/**
 * The register at `/` (the Vite build in dist/renderer, with every non-server path falling back
 * to index.html so the app's own routes work on reload) and the console at `/hq`.
 */
export const staticRoutes: RouteModule = async (app) => {
  await app.register(fastifyStatic, { root: RENDERER_DIR, serve: false });
  const hide = { hide: true };
  const page =
    (name: string) =>
    async ({ reply }: { reply: FastifyReply }) =>
      appPage(reply, name);

  // The console is the second page of the same build; its own routes fall back to its page.
  serve(app, api.ops.consolePage, page('hq/index.html'), hide);
  serve(app, api.ops.consoleFiles, page('hq/index.html'), hide);

  serve(app, api.ops.registerPage, page('index.html'), hide);
  serve(
    app,
    api.ops.registerFiles,
    async ({ params, request, reply }) => {
      const wanted = params['*'];
      if (SERVER_PATHS.test(wanted))
        throw new DomainError('notFound', 'notFound', `no route ${request.method} /${wanted}`);
      const file = builtFile(RENDERER_DIR, wanted);
      return file ? reply.sendFile(file) : appPage(reply, 'index.html');
    },
    hide,
  );
};

function appPage(reply: FastifyReply, page: string) {
  if (!existsSync(path.join(RENDERER_DIR, page)))
    return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
  // The page names hashed assets: it must never be cached, or an update would not show.
  return reply.header('cache-control', 'no-cache').sendFile(page);
}
