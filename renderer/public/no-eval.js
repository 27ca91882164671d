// Runs before any module: the pages' Content-Security-Policy has no 'unsafe-eval', so zod must
// never compile parsers with `new Function`, nor probe whether it may. zod reads this object when a
// schema is made, which may happen in a shared chunk evaluated before the page's own first import.
globalThis.__zod_globalConfig = { jitless: true };
