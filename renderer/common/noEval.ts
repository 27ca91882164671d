import { z } from 'zod';

/**
 * The pages run under a Content-Security-Policy without 'unsafe-eval': zod must not compile its
 * parsers with `new Function` (nor probe whether it may). Imported first by each page, before any
 * schema is built, since zod reads this setting when a schema is made.
 */
z.config({ jitless: true });
