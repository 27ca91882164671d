import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOfflineEarningsJob } from '../../sync-server/src/jobs/postOfflineEarnings';
import { startJob } from '../../sync-server/src/jobs/runner';
import { PGLITE_CREATE_TIMEOUT, pgliteBackend, type TestBackend } from '../server/helpers/backends';
import {
  createCard,
  DeviceSequence,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

const SALES = 1_500;
const PER_PUSH = 250;
const CARDS = 50;

/**
 * The embedded database runs in the server's own thread: a post job that never lets go of it
 * would leave `/healthz` (and every register) unanswered until it ends. The server lets others in
 * between its queries, so health answers again and again while the job is still running.
 */
describe('the embedded database while the post job runs', () => {
  let backend: TestBackend;
  let sync: SyncTestServer;

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
    const cards = Array.from({ length: CARDS }, (_, i) => testCardNumber(700 + i));
    for (const card of cards) await createCard(sync.server.database, card);
    const seq = new DeviceSequence();
    for (let from = 0; from < SALES; from += PER_PUSH) {
      const batch = Array.from({ length: PER_PUSH }, (_, i) =>
        saleFact({ card: cards[(from + i) % CARDS] ?? null, lines: [{ net: '3.10' }] }, seq),
      );
      expect((await sync.push('S1-R1', batch)).status).toBe(200);
    }
  }, PGLITE_CREATE_TIMEOUT * 3);

  afterAll(async () => {
    await sync?.server.close();
    await backend?.remove();
  });

  it('keeps answering /healthz between the batches of a long post job', async () => {
    const started = await startJob(sync.server.context, postOfflineEarningsJob, 'manual');
    let running = true;
    void started.done.then(() => (running = false));
    let answeredWhileRunning = 0;
    while (running) {
      const health = await fetch(`${sync.server.url}/healthz`);
      expect(health.status).toBe(200);
      if (running) answeredWhileRunning += 1;
    }
    const ended = await started.done;
    expect(ended).toMatchObject({ status: 'succeeded', counts: { posted: SALES } });
    // Answered many times over while the job ran, not once after it.
    expect(answeredWhileRunning).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
