/**
 * For a worker, which has no page to run `public/no-eval.js` before its modules: the pages'
 * Content-Security-Policy (the worker's script gets the same) has no 'unsafe-eval', so zod must
 * never compile parsers with `new Function`, nor probe whether it may. zod takes this object as
 * its config when its module first runs; a worker's bundle is one file, so importing this first
 * sets it before zod is evaluated. Pages load `no-eval.js` instead: there a shared chunk may be
 * evaluated before the page's own first import.
 */
const scope = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };

export {};
