import { request as httpRequest, type ClientRequest } from 'node:http';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { journalHeaderLine } from '../../shared/protocol/journal';
import { facts } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import {
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  type SyncTestServer,
} from '../server/helpers/facts';

/** More facts than the import stores in one round, so it stores some before the body ends. */
const HELD_FACTS = 600;

interface HeldImport {
  readonly request: ClientRequest;
  /** The import's answer: its status and body, once the server gives it. */
  readonly answer: Promise<{ status: number; text: string }>;
  answered: boolean;
}

/** Starts a journal import whose body the test keeps open: the import cannot end before it does. */
function startHeldImport(url: string, token: string, firstPart: string): HeldImport {
  const request = httpRequest(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
  });
  const held: HeldImport = {
    request,
    answered: false,
    answer: new Promise((resolve, reject) => {
      request.on('response', (response) => {
        held.answered = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    }),
  };
  request.write(firstPart);
  return held;
}

/*
 * Issue 16, finding 5: a large journal import once blocked every other request until it ended.
 * The import reads its body a chunk at a time and stores it a round at a time, so the server
 * answers others in between. To be sure the import is still running when the others are answered,
 * the test holds the import's body open: the server has stored some of its facts (the import has
 * started) and cannot have answered it (its body has not ended) when health and a push are sent.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `other requests during a large journal import (${backendKind.name})`,
    () => {
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

      it('answers health and a push while the import is still running', async () => {
        const seq = new DeviceSequence();
        const journal = Array.from({ length: HELD_FACTS }, () =>
          saleFact({ card: null, lines: [{ net: '4.20' }] }, seq),
        );
        const header = journalHeaderLine(new Date(sync.server.clock.now()).toISOString());
        const held = startHeldImport(
          `${sync.server.url}/api/sync/import-journal`,
          sync.registers['S1-R1'],
          `${[header, ...journal.map((fact) => JSON.stringify(fact))].join('\n')}\n`,
        );
        try {
          const stored = async () =>
            (
              await sync.server.database.db
                .select({ id: facts.id })
                .from(facts)
                .where(
                  inArray(
                    facts.id,
                    journal.map((fact) => fact.id),
                  ),
                )
            ).length;

          // The import has started: the first of its facts are stored.
          await vi.waitFor(async () => expect(await stored()).toBeGreaterThan(0), {
            timeout: 60_000,
            interval: 50,
          });
          const health = await fetch(`${sync.server.url}/healthz`);
          expect(health.status).toBe(200);
          const other = saleFact({ card: null, register: 'S1-R2', lines: [{ net: '1.00' }] });
          const push = await sync.push('S1-R2', [other]);
          expect(push.status).toBe(200);
          expect(push.body.results).toEqual([{ id: other.id, status: 'accepted' }]);
          expect(held.answered).toBe(false);

          held.request.end();
          const answer = await held.answer;
          expect(answer.status).toBe(200);
          const parsed = JSON.parse(answer.text) as { counts: Record<string, number> };
          expect(parsed.counts).toMatchObject({ accepted: HELD_FACTS, invalid: 0 });
          expect(await stored()).toBe(HELD_FACTS);
        } finally {
          // A failed check must not leave the server waiting for the rest of the body.
          if (!held.answered) held.request.destroy();
        }
      }, 180_000);
    },
  );
}
