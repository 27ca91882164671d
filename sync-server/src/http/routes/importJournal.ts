import { z } from 'zod';
import { parseJournal } from '../../../../shared/protocol/journal';
import { FactResult, PROTOCOL_VERSION, ProtocolVersion } from '../../../../shared/protocol/sync';
import { importJournal, type JournalImporter } from '../../ingest/journalImport';
import type { RouteModule } from '../app';
import { badRequest, unauthorized } from '../../errors';
import { requireStaff, type Principal } from '../../auth/principal';

/** A journal holds a register's unsynced facts, possibly days of them: more than one push. */
const JOURNAL_BODY_LIMIT = 64 * 1024 * 1024;
const JOURNAL_TYPES = ['application/x-ndjson', 'application/jsonl'];

const ImportAnswer = z.object({
  protocol: ProtocolVersion,
  serverTime: z.string(),
  results: z.array(FactResult.extend({ line: z.int().positive() })),
  problems: z.array(z.object({ line: z.int().positive(), message: z.string() })),
  counts: z.object({
    accepted: z.int(),
    duplicate: z.int(),
    rejected: z.int(),
    invalid: z.int(),
  }),
});

function importerOf(principal: Principal | null): JournalImporter {
  if (principal?.staff?.role === 'headOffice') return { kind: 'headOffice' };
  if (principal?.register) return { kind: 'register', register: principal.register };
  if (principal?.staff) requireStaff(principal, 'headOffice');
  throw unauthorized("importing a journal needs the register's own token or a head office sign-in");
}

/**
 * A register's exported journal of unsynced facts (the desktop shell writes it), one JSON line
 * each: the good lines are stored as a push stores them, idempotent by fact id, and the bad ones
 * are answered with their line numbers.
 */
export const importJournalRoutes: RouteModule = (app, context) => {
  app.addContentTypeParser(JOURNAL_TYPES, { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/sync/import-journal',
    {
      bodyLimit: JOURNAL_BODY_LIMIT,
      // Refused before a large body is read.
      onRequest: async (request) => {
        importerOf(request.principal);
      },
      schema: {
        tags: ['sync'],
        summary:
          "Import a register's exported journal (JSON lines); each fact answered like a push, bad lines by number",
        consumes: [...JOURNAL_TYPES, 'text/plain'],
        body: z.string(),
        response: { 200: ImportAnswer },
      },
    },
    async (request) => {
      const importer = importerOf(request.principal);
      const journal = parseJournal(request.body);
      if (journal.facts.length === 0) {
        const message =
          journal.problems.length === 0
            ? 'the journal holds no facts'
            : `the journal holds no valid fact; first problem on line ${journal.problems[0]?.line}: ${journal.problems[0]?.message}`;
        throw badRequest('invalidJournal', message, journal.problems);
      }
      const result = await importJournal(context, importer, journal);
      const answer: z.infer<typeof ImportAnswer> = {
        protocol: PROTOCOL_VERSION,
        serverTime: result.serverTime,
        results: [...result.results],
        problems: [...result.problems],
        counts: result.counts,
      };
      return answer;
    },
  );
};
