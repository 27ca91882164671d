import { Readable } from 'node:stream';
import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { importJournal, type JournalImporter } from '../../ingest/journalImport';
import { JOURNAL_MAX_BYTES, JOURNAL_MAX_LINE_BYTES, linesOf } from '../../ingest/journalLines';
import type { RouteModule } from '../app';
import { serve } from '../serve';
import { badRequest, tooLarge as tooLargeError, unauthorized } from '../../errors';
import type { Principal } from '../../auth/principal';

const JOURNAL_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/plain'];

const tooLarge = () =>
  tooLargeError(
    'tooLarge',
    `the journal is larger than ${JOURNAL_MAX_BYTES / 1024 / 1024} MiB: export it in parts`,
  );

/** Refuses a declared length over the limit before a byte of the body is read. */
function checkDeclaredLength(header: string | undefined): void {
  if (header !== undefined && Number(header) > JOURNAL_MAX_BYTES) throw tooLarge();
}

/** Who imports: the route's access level (registerOrHeadOffice) already let only these two in. */
function importerOf(principal: Principal | null): JournalImporter {
  if (principal?.staff?.role === 'headOffice') return { kind: 'headOffice' };
  if (principal?.register) return { kind: 'register', register: principal.register };
  throw unauthorized("importing a journal needs the register's own token or a head office sign-in");
}

/**
 * A register's exported journal of unsynced facts (the desktop shell writes it), one JSON line
 * each: the good lines are stored as a push stores them, idempotent by fact id, and the bad ones
 * are answered with their line numbers.
 */
export const importJournalRoutes: RouteModule = (app, context) => {
  // The body is left as a stream for the handler to read line by line, never held whole.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(JOURNAL_TYPES, (_request, payload, done) => done(null, payload));
  serve(
    app,
    api.sync.importJournal,
    async ({ principal, request }) => {
      const importer = importerOf(principal);
      const body = request.body;
      if (!(body instanceof Readable))
        throw badRequest(
          'invalidJournal',
          `send the journal as JSON lines (${JOURNAL_TYPES.join(', ')}), one fact a line`,
        );
      const lines = linesOf(body, {
        maxBytes: JOURNAL_MAX_BYTES,
        maxLineBytes: JOURNAL_MAX_LINE_BYTES,
        onTooLarge: tooLarge,
      });
      const result = await importJournal(context, importer, lines, JOURNAL_MAX_LINE_BYTES);
      if (result.results.length === 0) {
        const [first] = result.problems;
        const message = first
          ? `the journal holds no valid fact; first problem on line ${first.line}: ${first.message}`
          : 'the journal holds no facts';
        throw badRequest('invalidJournal', message, result.problems);
      }
      return {
        protocol: PROTOCOL_VERSION,
        serverTime: result.serverTime,
        results: [...result.results],
        problems: [...result.problems],
        counts: result.counts,
      };
    },
    {
      // Refused before a large body is read.
      onRequest: async (request) => {
        importerOf(request.principal);
        checkDeclaredLength(request.headers['content-length']);
      },
      consumes: JOURNAL_TYPES,
    },
  );
};
