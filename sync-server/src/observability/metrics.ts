import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database';
import type { Logger } from './logger';

/**
 * The server's Prometheus metrics (served at /metrics, docs/running.md lists them). One registry
 * per server, so several servers in one process (tests) keep their figures apart; the process
 * figures (CPU, memory, event loop) are collected once per process and served by every server.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Request latency by route pattern (not the raw URL: no card numbers in labels), method, status. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Facts registers pushed, by the answer they got: accepted, duplicate, rejected. */
  readonly factsPushed: Counter<'result'>;
  /** Facts the post job settled: posted to the ledger or rejected with a reason. */
  readonly factsPosted: Counter<'result'>;
  /** Job runs, by job and outcome; the count is the number of runs. */
  readonly jobDuration: Histogram<'job' | 'status'>;
  /** Whatever a job counts while it runs (sent, failed, versions...), by job and item. */
  readonly jobItems: Counter<'job' | 'item'>;
  /** Everything this server and the process export, in Prometheus' text format. */
  render(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'loyalty_' });
  }
  return processRegistry;
}

/**
 * Outbox depth as each register last reported it (pushes and health reports, stored in
 * register_health), read from the database at scrape time so every replica shows every register.
 */
function outboxDepthGauge(registry: Registry, database: Database, log: Logger) {
  return new Gauge({
    name: 'loyalty_register_outbox_depth',
    help: 'Facts waiting in a register outbox, as the register last reported',
    labelNames: ['store', 'register'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const { rows } = await database.query<{ store: string; register: string; depth: number }>(
          `select r.store_id as store, r.id as register, h.outbox_depth as depth
             from register_health h join registers r on r.id = h.register_id
            where h.outbox_depth is not null`,
        );
        for (const row of rows) this.set({ store: row.store, register: row.register }, row.depth);
      } catch (error) {
        // A scrape while the database is away still answers with what this process knows.
        log.warn({ err: error }, 'metrics: outbox depths could not be read');
      }
    },
  });
}

export function createMetrics(database: Database, log: Logger): Metrics {
  const registry = new Registry();
  const registers = [registry];
  outboxDepthGauge(registry, database, log);
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'loyalty_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    factsPushed: new Counter({
      name: 'loyalty_facts_pushed_total',
      help: 'Facts pushed by registers, by answer (accepted, duplicate, rejected)',
      labelNames: ['result'] as const,
      registers,
    }),
    factsPosted: new Counter({
      name: 'loyalty_facts_posted_total',
      help: 'Facts settled by the post job, by result (posted, rejected)',
      labelNames: ['result'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'loyalty_job_duration_seconds',
      help: 'Job run duration, by job and outcome (succeeded, failed)',
      labelNames: ['job', 'status'] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
    jobItems: new Counter({
      name: 'loyalty_job_items_total',
      help: 'What jobs counted while they ran (posted, sent, failed...), by job and item',
      labelNames: ['job', 'item'] as const,
      registers,
    }),
    async render() {
      const merged = Registry.merge([registry, processMetrics()]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
