import { ApiError } from '../../common/api';
import type { RegisterDb } from '../localdb/schema';
import type { ServerLink } from './link';
import { loadPage, type PagePlan } from './snapshotPages';
import type { PageJob, PageJobAnswer } from './snapshotWorker';

/** Loads one snapshot page into the database; `close` frees what the loader holds. */
export interface PageLoader {
  load(plan: PagePlan): Promise<void>;
  close(): void;
  /** Pages it can usefully have in flight at once. */
  readonly parallel: number;
}

/** In this thread: where no Worker exists (unit tests in Node). */
export function inThreadLoader(link: ServerLink, db: RegisterDb): PageLoader {
  return { load: (plan) => loadPage(link, db, plan), close: () => undefined, parallel: 3 };
}

/** Two pages per worker: one downloads while the other is parsed and written. */
const PAGES_PER_WORKER = 2;

/** A pool of workers (one per core, at least two), pages handed out round robin. */
export function workerLoader(
  link: ServerLink,
  db: RegisterDb,
  token: string,
  cores = navigator.hardwareConcurrency || 2,
): PageLoader {
  const workers = Array.from(
    { length: Math.max(2, Math.min(cores, 4)) },
    () => new Worker(new URL('./snapshotWorker.ts', import.meta.url), { type: 'module' }),
  );
  const waiting = new Map<number, (answer: PageJobAnswer) => void>();
  for (const worker of workers) {
    worker.onmessage = (message: MessageEvent<PageJobAnswer>) => {
      waiting.get(message.data.job)?.(message.data);
      waiting.delete(message.data.job);
    };
    // A worker that cannot start fails every page it holds, rather than leaving them waiting.
    worker.onerror = (event) => {
      for (const [job, settle] of waiting)
        settle({ job, ok: false, status: 0, message: `snapshot worker failed: ${event.message}` });
      waiting.clear();
    };
  }
  let next = 0;
  return {
    parallel: workers.length * PAGES_PER_WORKER,
    close: () => workers.forEach((worker) => worker.terminate()),
    load: (plan) =>
      new Promise<void>((resolve, reject) => {
        const job = next++;
        waiting.set(job, (answer) =>
          answer.ok ? resolve() : reject(new ApiError(answer.status, 'snapshot', answer.message)),
        );
        const message: PageJob = {
          job,
          dbName: db.name,
          serverUrl: link.serverUrl,
          token,
          plan,
        };
        workers[job % workers.length]?.postMessage(message);
      }),
  };
}
