/// <reference lib="webworker" />
import '../../common/noEval';
import { RegisterDb } from '../localdb/schema';
import { ServerLink } from './link';
import { loadPage, type PagePlan } from './snapshotPages';

/**
 * Loads snapshot pages off the page's main thread: parsing, validating and packing a million cards
 * is seconds of CPU, which would freeze the progress bar, and a second core does it in parallel.
 */
export interface PageJob {
  readonly job: number;
  readonly dbName: string;
  readonly serverUrl: string;
  readonly token: string;
  readonly plan: PagePlan;
}
export type PageJobAnswer =
  | { readonly job: number; readonly ok: true }
  | { readonly job: number; readonly ok: false; readonly message: string; readonly status: number };

const databases = new Map<string, RegisterDb>();

self.onmessage = async (message: MessageEvent<PageJob>) => {
  const { job, dbName, serverUrl, token, plan } = message.data;
  let db = databases.get(dbName);
  if (!db) {
    db = new RegisterDb(dbName);
    databases.set(dbName, db);
  }
  let answer: PageJobAnswer;
  try {
    await loadPage(new ServerLink({ serverUrl, token }), db, plan);
    answer = { job, ok: true };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    answer = {
      job,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      status: typeof status === 'number' ? status : 0,
    };
  }
  self.postMessage(answer);
};
