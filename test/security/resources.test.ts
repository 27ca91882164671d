import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalHeaderLine } from '../../shared/protocol/journal';
import { MAX_JSON_DEPTH } from '../../sync-server/src/http/jsonBody';
import { MAX_LISTED_PROBLEMS } from '../../sync-server/src/ingest/journalImport';
import { JOURNAL_MAX_BYTES } from '../../sync-server/src/ingest/journalLines';
import { facts } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import { saleFact, startSyncTestServer, type SyncTestServer } from '../server/helpers/facts';
import { TEST_START } from '../server/helpers/server';
import { databaseChecksum } from './helpers/checksum';

interface ImportAnswer {
  results?: { line: number; id: string; status: string }[];
  problems?: { line: number; message: string }[];
  counts?: Record<string, number>;
  error?: { code: string; message: string; details?: unknown[] };
}

/** A JSON text nested `depth` arrays deep. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Posts a raw body and answers the status and the body's text. */
async function rawPost(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

/** Declares a body larger than the journal limit, sends a little of it, and reads the answer. */
function declaredTooLarge(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
        'content-length': String(JOURNAL_MAX_BYTES + 1),
      },
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.write('{"kind":"registerJournal"}\n');
  });
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`resources a caller can spend (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const url = (path: string) => `${sync.server.url}${path}`;
    const json = { 'content-type': 'application/json' };

    it('checks access before a body is parsed: no token and broken JSON answer 401', async () => {
      for (const path of ['/api/sync/push', '/api/hq/staff', '/api/sync/import-journal']) {
        const answer = await rawPost(url(path), '{"protocol": 1, "facts": [', json);
        expect([path, answer.status]).toEqual([path, 401]);
      }
      const deep = await rawPost(url('/api/sync/push'), nested(2_000_000), json);
      expect(deep.status).toBe(401);
    });

    it('refuses JSON nested past the depth limit on the routes open to anyone', async () => {
      for (const path of ['/api/auth/sign-in', '/api/registers/enrol']) {
        const answer = await rawPost(url(path), nested(2_000_000), json);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text).error.code).toBe('tooDeep');
      }
      const justDeepEnough = await rawPost(
        url('/api/auth/sign-in'),
        `{"staff":"C1","pin":"1111","x":${nested(MAX_JSON_DEPTH - 1)}}`,
        json,
      );
      expect(justDeepEnough.status).not.toBe(400);
      const registerDeep = await rawPost(url('/api/sync/push'), nested(MAX_JSON_DEPTH + 1), {
        ...json,
        authorization: `Bearer ${sync.registers['S1-R1']}`,
      });
      expect(registerDeep.status).toBe(400);
    });

    it('reads a journal of bad lines without holding it: few problems listed, all counted', async () => {
      const before = await databaseChecksum(sync.server.database);
      const badLine = JSON.stringify({
        type: 'sale',
        id: 'x',
        receipt: { lines: ['y'.repeat(300)] },
      });
      const count = Math.ceil((4 * 1024 * 1024) / badLine.length);
      const body = `${badLine}\n`.repeat(count);
      const answer = await rawPost(url('/api/sync/import-journal'), body, {
        'content-type': 'application/x-ndjson',
        authorization: `Bearer ${sync.registers['S1-R1']}`,
      });
      expect(answer.status).toBe(400);
      // The answer is a small fraction of the body, never a multiple of it.
      expect(answer.text.length).toBeLessThan(200_000);
      const parsed = JSON.parse(answer.text) as ImportAnswer;
      expect(parsed.error?.code).toBe('invalidJournal');
      expect(parsed.error?.details).toHaveLength(MAX_LISTED_PROBLEMS);
      expect(await databaseChecksum(sync.server.database)).toEqual(before);
      // The server still answers after it.
      expect((await fetch(url('/healthz'))).status).toBe(200);
    });

    it('counts every bad line beside the good ones, and reports an overlong line by number', async () => {
      const good = saleFact({ card: null, lines: [{ net: '5.00' }] });
      const lines = [
        journalHeaderLine(new Date(TEST_START).toISOString()),
        ...Array.from({ length: MAX_LISTED_PROBLEMS + 20 }, () => 'not json'),
        'z'.repeat(1_100_000),
        JSON.stringify(good),
      ];
      const answer = await rawPost(url('/api/sync/import-journal'), lines.join('\n'), {
        'content-type': 'application/x-ndjson',
        authorization: `Bearer ${sync.registers['S1-R1']}`,
      });
      expect(answer.status).toBe(200);
      const parsed = JSON.parse(answer.text) as ImportAnswer;
      expect(parsed.counts).toMatchObject({ accepted: 1, invalid: MAX_LISTED_PROBLEMS + 21 });
      expect(parsed.problems).toHaveLength(MAX_LISTED_PROBLEMS);
      expect(parsed.results).toEqual([{ line: lines.length, id: good.id, status: 'accepted' }]);
    });

    it('takes a journal whose header starts with a UTF-8 byte order mark', async () => {
      const good = saleFact({ card: null, lines: [{ net: '6.00' }] });
      const text = `\uFEFF${journalHeaderLine(new Date(TEST_START).toISOString())}\r\n${JSON.stringify(good)}\r\n`;
      const answer = await rawPost(url('/api/sync/import-journal'), text, {
        'content-type': 'application/x-ndjson',
        authorization: `Bearer ${sync.registers['S1-R1']}`,
      });
      expect(answer.status).toBe(200);
      const parsed = JSON.parse(answer.text) as ImportAnswer;
      expect(parsed.problems).toEqual([]);
      expect(parsed.results).toEqual([{ line: 2, id: good.id, status: 'accepted' }]);
      const stored = await sync.server.database.db.select({ id: facts.id }).from(facts);
      expect(stored.map((row) => row.id)).toContain(good.id);
    });

    it('refuses a journal declared larger than the limit before reading it', async () => {
      const status = await declaredTooLarge(
        url('/api/sync/import-journal'),
        sync.registers['S1-R1'],
      );
      expect(status).toBe(413);
    });
  });
}
