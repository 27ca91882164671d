/**
 * `npm run soak` (long) or `npm run soak -- --short` (CI): many scenarios of the generator of truth
 * against one server, over a proxy that loses and delays answers, each checked entry for entry.
 * Prints the figures as JSON; exits 1 when anything was lost, doubled or differs from the truth.
 */
import { DATABASE_URL, pgliteBackend, postgresBackend } from '../server/helpers/backends';
import { startSyncTestServer } from '../server/helpers/facts';
import { seededRandom } from './helpers/random';
import { startTcpProxy } from './helpers/tcpProxy';
import { runScenario } from './truth';

const short = process.argv.includes('--short');
const scenarios = short ? 3 : Number(process.env['SOAK_SCENARIOS'] ?? 40);
const rounds = short ? 5 : 12;

async function main(): Promise<number> {
  const backend = DATABASE_URL ? await postgresBackend(DATABASE_URL) : await pgliteBackend();
  const sync = await startSyncTestServer(backend);
  const proxy = await startTcpProxy(
    { host: '127.0.0.1', port: Number(new URL(sync.server.url).port) },
    seededRandom(1),
  );
  const started = Date.now();
  const totals = {
    backend: backend.name,
    scenarios: 0,
    factsPushed: 0,
    pushes: 0,
    replayedFacts: 0,
    answersDropped: 0,
    retries: 0,
    reservations: 0,
    refusedReservations: 0,
    skewFlagged: 0,
    entriesCompared: 0,
    cardsCompared: 0,
    mismatches: [] as string[],
    seconds: 0,
  };
  try {
    for (let i = 0; i < scenarios; i++) {
      proxy.setFaults({ dropReplies: 0.1 + (i % 4) * 0.1, delayMs: i % 3 });
      const report = await runScenario(
        sync,
        {
          seed: 1000 + i,
          rounds,
          salesPerRound: 5,
          cards: 12,
          offlineChance: 0.3,
          returnChance: 0.2,
          redeemChance: 0.7,
          replayChance: 0.5,
          firstCard: 10_000 + i * 100,
          skewedRegister: { id: 'S1-R2', offsetMs: ((i % 5) - 2) * 3_600_000 },
        },
        { url: `http://127.0.0.1:${proxy.port}` },
      );
      totals.scenarios++;
      totals.factsPushed += report.factsMade;
      totals.pushes += report.pushes;
      totals.replayedFacts += report.replayedFacts;
      totals.retries += report.retries;
      totals.reservations += report.reservations;
      totals.refusedReservations += report.refusedReservations;
      totals.skewFlagged += report.skewFlagged;
      totals.entriesCompared += report.entriesCompared;
      totals.cardsCompared += report.cardsCompared;
      totals.mismatches.push(...report.mismatches.map((m) => `scenario ${i}: ${m}`));
    }
  } finally {
    totals.answersDropped = proxy.stats.dropped;
    totals.seconds = Math.round((Date.now() - started) / 1000);
    await proxy.close();
    await sync.server.close();
    await backend.remove();
  }
  process.stdout.write(`${JSON.stringify(totals, null, 2)}\n`);
  return totals.mismatches.length === 0 ? 0 : 1;
}

process.exitCode = await main();
