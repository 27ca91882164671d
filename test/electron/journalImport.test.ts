import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../shared/protocol/sync';
import { facts } from '../../sync-server/src/db/schema';
import { FactJournal } from '../../electron/journal';
import {
  PGLITE_CREATE_TIMEOUT,
  pgliteBackend,
  TEST_BACKENDS,
  type TestBackend,
} from '../server/helpers/backends';
import {
  cardIssuedFact,
  createCard,
  customerFact,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';
import { signIn } from '../server/helpers/fixtures';
import { TEST_START } from '../server/helpers/server';

interface ImportAnswer {
  results: { line: number; id: string; status: string; reason?: string; clockSkew?: boolean }[];
  problems: { line: number; message: string }[];
  counts: Record<string, number>;
  error?: { code: string; message: string; details?: unknown };
}

const EXPORTED_AT = new Date(TEST_START + 60_000).toISOString();

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`journal export imported (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let dir: string;
    const seq = new DeviceSequence();

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      dir = await tempDir('loyalty-journal-import-');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
      await rm(dir, { recursive: true, force: true });
    });

    const importFile = (text: string, token?: string, type = 'application/x-ndjson') =>
      fetch(`${sync.server.url}/api/sync/import-journal`, {
        method: 'POST',
        headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: text,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as ImportAnswer,
      }));
    const storedIds = async () =>
      (await sync.server.database.db.select({ id: facts.id }).from(facts)).map((row) => row.id);

    async function exportedJournal(name: string, written: Fact[], synced: string[] = []) {
      const journal = new FactJournal(path.join(dir, name));
      await journal.append(written);
      await journal.markSynced(synced);
      const target = path.join(dir, `${name}.jsonl`);
      await journal.exportTo(target, EXPORTED_AT);
      return readFile(target, 'utf8');
    }

    it('stores every unsynced fact of an export exactly once, however often it is imported', async () => {
      const card = await createCard(sync.server.database, testCardNumber(11));
      const sale = saleFact({ card, lines: [{ net: '4.00' }] }, seq);
      const issued = cardIssuedFact(testCardNumber(12), {}, seq);
      const customer = customerFact({ id: `C-${randomUUID().slice(0, 8)}` }, {}, seq);
      const alreadySynced = saleFact({ card: null, lines: [{ net: '1.00' }] }, seq);
      const text = await exportedJournal(
        'first',
        [sale, issued, alreadySynced, customer],
        [alreadySynced.id],
      );
      const before = new Set(await storedIds());

      const first = await importFile(text, sync.registers['S1-R1']);
      expect(first.status).toBe(200);
      expect(first.body.problems).toEqual([]);
      expect(first.body.results.map((r) => [r.line, r.id, r.status])).toEqual([
        [2, sale.id, 'accepted'],
        [3, issued.id, 'accepted'],
        [4, customer.id, 'accepted'],
      ]);
      const added = (await storedIds()).filter((id) => !before.has(id));
      expect(added.sort()).toEqual([sale.id, issued.id, customer.id].sort());

      const again = await importFile(text, sync.registers['S1-R1']);
      expect(again.body.counts).toEqual({ accepted: 0, duplicate: 3, rejected: 0, invalid: 0 });
      // The same facts pushed afterwards are known too: one ingest, one idempotency key.
      const pushed = await sync.push('S1-R1', [sale]);
      expect(pushed.body.results).toEqual([{ id: sale.id, status: 'duplicate' }]);
      expect((await storedIds()).filter((id) => !before.has(id))).toHaveLength(3);
    });

    it('reports bad lines by number and stores the good ones', async () => {
      const good = saleFact({ card: null, lines: [{ net: '2.00' }] }, seq);
      const withoutId: Partial<Fact> = saleFact({ card: null, lines: [{ net: '3.00' }] });
      const text = [
        JSON.stringify(good),
        '{"type": "sale", ',
        JSON.stringify({ ...withoutId, id: undefined }),
        '',
      ].join('\n');
      const answer = await importFile(text, sync.registers['S1-R1'], 'text/plain');
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([{ line: 1, id: good.id, status: 'accepted' }]);
      expect(answer.body.problems.map((p) => p.line)).toEqual([2, 3]);
      expect(answer.body.problems[0]?.message).toMatch(/not JSON/);
      expect(answer.body.problems[1]?.message).toMatch(/^not a fact: id:/);
    });

    it("never takes another store's or register's facts from a register token", async () => {
      const otherStore = saleFact({
        card: null,
        lines: [{ net: '1.00' }],
        store: 'S2',
        register: 'S2-R1',
      });
      const otherRegister = saleFact({ card: null, lines: [{ net: '1.00' }], register: 'S1-R2' });
      const text = await exportedJournal('forged', [otherStore, otherRegister]);
      const answer = await importFile(text, sync.registers['S1-R1']);
      expect(answer.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(answer.body.results[0]?.reason).toMatch(/forged store/);
      expect(answer.body.results[1]?.reason).toMatch(/forged register/);
      const stored = await storedIds();
      expect(stored).not.toContain(otherStore.id);
      expect(stored).not.toContain(otherRegister.id);
    });

    it("lets head office import any register's journal, checked against the register it names", async () => {
      const hq = await signIn(sync.server, 'hq');
      const fine = saleFact({
        card: null,
        lines: [{ net: '1.00' }],
        store: 'S2',
        register: 'S2-R1',
      });
      const wrongStore = saleFact({
        card: null,
        lines: [{ net: '1.00' }],
        store: 'S1',
        register: 'S2-R1',
      });
      const unknown = saleFact({ card: null, lines: [{ net: '1.00' }], register: 'S1-R9' });
      const text = await exportedJournal('hq', [fine, wrongStore, unknown]);
      const answer = await importFile(text, hq);
      expect(answer.body.results.map((r) => r.status)).toEqual([
        'accepted',
        'rejected',
        'rejected',
      ]);
      expect(answer.body.results[1]?.reason).toMatch(/belongs to store S2/);
      expect(answer.body.results[2]?.reason).toMatch(/unknown register S1-R9/);
    });

    it('refuses callers without the right to import, and a journal without facts', async () => {
      const text = await exportedJournal('refused', [
        saleFact({ card: null, lines: [{ net: '1.00' }] }),
      ]);
      expect((await importFile(text)).status).toBe(401);
      const cashier = await signIn(sync.server, 'cashier');
      const asCashier = await importFile(text, cashier);
      expect(asCashier.status).toBe(403);
      expect(asCashier.body.error?.message).toMatch(/head office/);
      const empty = await importFile('not json\n', sync.registers['S1-R1']);
      expect(empty.status).toBe(400);
      expect(empty.body.error?.code).toBe('invalidJournal');
      expect(empty.body.error?.message).toMatch(/line 1/);
    });

    it('flags a fact younger than its export as clock skew, and trusts older ones', async () => {
      const old = saleFact(
        {
          card: null,
          lines: [{ net: '1.00' }],
          deviceTime: new Date(TEST_START - 5 * 86_400_000).toISOString(),
        },
        seq,
      );
      const future = saleFact(
        {
          card: null,
          lines: [{ net: '1.00' }],
          deviceTime: new Date(TEST_START + 86_400_000).toISOString(),
        },
        seq,
      );
      const text = await exportedJournal('skew', [old, future]);
      const answer = await importFile(text, sync.registers['S1-R1']);
      expect(answer.body.results.map((r) => r.clockSkew ?? false)).toEqual([false, true]);
    });
  });
}

const run = promisify(execFile);

describe('npm run server -- import-journal', { timeout: 120_000 }, () => {
  let backend: TestBackend;
  let dir: string;

  beforeAll(async () => {
    backend = await pgliteBackend();
    dir = await tempDir('loyalty-journal-cli-');
  });

  afterAll(async () => {
    await backend?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  async function cli(file: string) {
    const env = { ...process.env, ...backend.env };
    delete env.DATABASE_URL;
    try {
      const { stdout } = await run(
        path.resolve('node_modules/.bin/tsx'),
        ['sync-server/src/cli.ts', 'import-journal', file],
        { env },
      );
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  }

  it('imports an export once, reports bad lines by number, and exits 1 for them', async () => {
    const sync = await startSyncTestServer(backend);
    await sync.server.close();
    const seq = new DeviceSequence();
    const written = [
      saleFact({ card: null, lines: [{ net: '1.00' }] }, seq),
      saleFact({ card: null, lines: [{ net: '2.00' }], store: 'S2', register: 'S2-R1' }, seq),
    ];
    const journal = new FactJournal(path.join(dir, 'journal'));
    await journal.append(written);
    const file = path.join(dir, 'export.jsonl');
    await journal.exportTo(file, new Date().toISOString());

    const first = await cli(file);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).counts).toEqual({
      accepted: 2,
      duplicate: 0,
      rejected: 0,
      invalid: 0,
    });
    const second = await cli(file);
    expect(JSON.parse(second.stdout).counts).toEqual({
      accepted: 0,
      duplicate: 2,
      rejected: 0,
      invalid: 0,
    });

    await writeFile(file, `${await readFile(file, 'utf8')}{broken\n`);
    const broken = await cli(file);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).problems).toEqual([
      { line: 4, message: expect.stringMatching(/not JSON/) },
    ]);

    const database = await backend.open();
    try {
      const ids = (await database.db.select({ id: facts.id }).from(facts)).map((row) => row.id);
      expect(ids.sort()).toEqual(written.map((fact) => fact.id).sort());
    } finally {
      await database.close();
    }
  });
});
