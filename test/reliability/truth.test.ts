import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntries } from '../../sync-server/src/db/schema';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from '../server/helpers/backends';
import { startSyncTestServer, type SyncTestServer } from '../server/helpers/facts';
import { startTcpProxy, type TcpProxy } from './helpers/tcpProxy';
import { seededRandom } from './helpers/random';
import { runScenario } from './truth';

const HOUR = 3_600_000;

for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(`the generator of truth (${backendKind.name})`, () => {
    let backend: TestBackend;
    let sync: SyncTestServer;
    let proxy: TcpProxy;

    beforeAll(async () => {
      backend = await backendKind.create();
      sync = await startSyncTestServer(backend);
      const { port } = new URL(sync.server.url);
      proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(port) }, seededRandom(7));
    }, PGLITE_CREATE_TIMEOUT);

    afterAll(async () => {
      await proxy?.close();
      await sync?.server.close();
      await backend?.remove();
    });

    it('ends with the ledger, the card summaries and the feeds equal to the engine’s truth, over a line that loses answers', async () => {
      proxy.setFaults({ dropReplies: 0.25, delayMs: 2 });
      const report = await runScenario(
        sync,
        {
          seed: 20260301,
          rounds: 6,
          salesPerRound: 4,
          cards: 8,
          offlineChance: 0.3,
          returnChance: 0.2,
          redeemChance: 0.6,
          replayChance: 0.5,
          firstCard: 1000,
          skewedRegister: { id: 'S1-R2', offsetMs: 3 * HOUR },
        },
        { url: `http://127.0.0.1:${proxy.port}` },
      );
      expect(report.mismatches).toEqual([]);
      // The faults happened: answers lost and retried, replays, skew flagged, redemptions refused.
      expect(proxy.stats.dropped).toBeGreaterThan(0);
      expect(report.retries).toBeGreaterThan(0);
      expect(report.replayedFacts).toBeGreaterThan(0);
      expect(report.skewFlagged).toBeGreaterThan(0);
      expect(report.reservations).toBeGreaterThan(0);
      expect(report.entriesCompared).toBeGreaterThan(0);
      // The register three hours ahead: its points are dated by the server's clock, never its own.
      const ahead = await sync.server.database.db
        .select({ id: ledgerEntries.id })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.registerId, 'S1-R2'),
            gt(ledgerEntries.earnedAt, new Date(sync.server.clock.now() + HOUR)),
          ),
        );
      expect(ahead).toEqual([]);
    }, 180_000);
  });
}
