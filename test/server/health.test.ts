import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRunRecord } from '../../sync-server/src/jobs/runner';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import type { RegisterHealth } from '../../shared/protocol/api/reportWire';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import {
  adjustmentFact,
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from './helpers/facts';
import { signIn } from './helpers/fixtures';
import { TEST_START } from './helpers/server';

interface HealthAnswer {
  at: string;
  registers: RegisterHealth[];
}

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`head office sync health (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let cashier: string;
    const seq = new DeviceSequence();

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      cashier = await signIn(sync.server, 'cashier');
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await sync?.server.close();
      await backend?.remove();
    });

    const health = async () => {
      const answer = await sync.server.call<HealthAnswer>('GET', '/api/hq/sync-health', {
        token: sync.hq,
      });
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const registerOf = async (id: string) => {
      const found = (await health()).registers.find((r) => r.register === id);
      if (!found) throw new Error(`register ${id} is not in the health list`);
      return found;
    };

    it('lists every register, with nothing reported before its first push', async () => {
      const answer = await health();
      expect(answer.registers.map((r) => r.register)).toEqual(['S1-R1', 'S1-R2', 'S2-R1']);
      expect(await registerOf('S1-R2')).toEqual({
        store: 'S1',
        storeName: 'Store S1',
        register: 'S1-R2',
        name: 'S1-R2',
        enrolmentState: 'enrolled',
        lastContactAt: null,
        outboxDepth: null,
        distributionVersion: null,
        latestVersion: null,
        versionLag: null,
        clockOffsetMs: null,
        pendingFacts: 0,
        rejectedFacts: 0,
      });
    });

    it("shows a register's push: last contact, outbox depth, clock offset and its pending facts", async () => {
      const card = await createCard(sync.server.database, testCardNumber(1));
      const facts = [
        saleFact({ card, lines: [{ net: '3.00' }] }, seq),
        saleFact({ card, lines: [{ net: '4.00' }] }, seq),
      ];
      const pushed = await sync.push('S1-R1', facts, {
        health: { outboxDepth: 7, distributionVersion: 0 },
        sentAt: new Date(TEST_START + 2_500).toISOString(),
      });
      expect(pushed.status).toBe(200);
      expect(await registerOf('S1-R1')).toMatchObject({
        lastContactAt: new Date(TEST_START).toISOString(),
        outboxDepth: 7,
        distributionVersion: 0,
        latestVersion: null,
        versionLag: null,
        clockOffsetMs: 2_500,
        pendingFacts: 2,
        rejectedFacts: 0,
      });
      expect((await registerOf('S1-R2')).pendingFacts).toBe(0);
    });

    it('shows the version lag once job 1050 wrote a newer version than the register holds', async () => {
      const run = await sync.server.call<JobRunRecord>('POST', '/api/jobs/distribution-1050/run', {
        token: sync.hq,
      });
      expect(run.body.status).toBe('succeeded');
      const r1 = await registerOf('S1-R1');
      expect(r1.latestVersion).toBe(1);
      expect(r1.versionLag).toBe(1);
      expect((await registerOf('S2-R1')).latestVersion).toBe(1);
      expect((await registerOf('S2-R1')).versionLag).toBeNull();

      sync.server.clock.advance(60_000);
      const card = await createCard(sync.server.database, testCardNumber(3));
      const caughtUp = saleFact({ card, lines: [{ net: '1.00' }] }, seq);
      await sync.push('S1-R1', [caughtUp], {
        health: { outboxDepth: 0, distributionVersion: 1 },
      });
      expect(await registerOf('S1-R1')).toMatchObject({
        lastContactAt: new Date(TEST_START + 60_000).toISOString(),
        outboxDepth: 0,
        versionLag: 0,
        pendingFacts: 3,
      });
    });

    it('counts rejected facts apart from pending ones once the post job ran', async () => {
      const card = await createCard(sync.server.database, testCardNumber(2));
      // A sale is kept whatever its points: an adjustment without a manager is rejected whole.
      const byCashier = adjustmentFact(card, 5, { staff: 'C1' }, seq);
      await sync.push('S1-R1', [byCashier]);
      expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 3, rejected: 1 });
      expect(await registerOf('S1-R1')).toMatchObject({ pendingFacts: 0, rejectedFacts: 1 });
    });

    it('describes the console routes in the OpenAPI document', async () => {
      const docs = await sync.server.call<{ paths: Record<string, unknown> }>('GET', '/docs/json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/hq/sync-health',
          '/api/hq/review',
          '/api/hq/review/{factId}/repost',
          '/api/hq/review/{factId}/void',
          '/api/hq/review/{factId}/resolve',
          '/api/hq/reports/liability',
          '/api/hq/reports/activity',
          '/api/hq/reports/enrolments',
          '/api/hq/reports/expiring',
        ]),
      );
    });

    it('answers only head office', async () => {
      const asCashier = await sync.server.call('GET', '/api/hq/sync-health', { token: cashier });
      expect(asCashier.status).toBe(403);
      const anonymous = await sync.server.call('GET', '/api/hq/sync-health');
      expect(anonymous.status).toBe(401);
      const asRegister = await sync.server.call('GET', '/api/hq/sync-health', {
        token: sync.registers['S1-R1'],
      });
      expect(asRegister.status).toBe(401);
    });
    it('takes the report of a register with nothing to push, and refuses a malformed one', async () => {
      const report = (body: unknown, token: string = sync.registers['S2-R1']) =>
        sync.server.call('POST', '/api/sync/health', { token, body });
      const bad = await report({ protocol: 1, outboxDepth: -1, distributionVersion: 0 });
      expect(bad.status).toBe(400);
      expect((await registerOf('S2-R1')).lastContactAt).toBeNull();
      const now = sync.server.clock.now();
      const good = await report({
        protocol: 1,
        outboxDepth: 0,
        distributionVersion: 0,
        sentAt: new Date(now - 4_000).toISOString(),
      });
      expect(good.status).toBe(200);
      expect(await registerOf('S2-R1')).toMatchObject({
        lastContactAt: new Date(now).toISOString(),
        outboxDepth: 0,
        distributionVersion: 0,
        clockOffsetMs: -4_000,
      });
      expect([401, 403]).toContain((await report({}, sync.hq)).status);
    });
  });
}
