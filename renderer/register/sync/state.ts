/** Where the register stands with its server, at a glance (PRODUCT 5, issue 4). */
export type SyncPhase = 'starting' | 'unenrolled' | 'loading' | 'ready' | 'failed';

export interface SyncState {
  readonly phase: SyncPhase;
  readonly online: boolean;
  readonly store: string | null;
  readonly register: string | null;
  /** Facts not yet answered by the server. */
  readonly outboxDepth: number;
  /** Facts the server rejected (with a reason, kept for review). */
  readonly rejected: number;
  /** The distribution version the register holds. */
  readonly version: number;
  /** Local time (ms) of the last answer from the server. */
  readonly lastContact: number | null;
  /** Server clock minus local clock. */
  readonly clockOffsetMs: number | null;
  /** First load progress in items, while the snapshot loads. */
  readonly load: { readonly done: number; readonly total: number } | null;
  readonly error: string | null;
  /** Why the last enrolment attempt failed (an error code the register translates), if it did. */
  readonly enrolmentError: string | null;
}

export const INITIAL_STATE: SyncState = {
  phase: 'starting',
  online: false,
  store: null,
  register: null,
  outboxDepth: 0,
  rejected: 0,
  version: 0,
  lastContact: null,
  clockOffsetMs: null,
  load: null,
  error: null,
  enrolmentError: null,
};

/** Exponential backoff with jitter: 1 s, 2 s, 4 s... up to a minute. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6)) * (0.75 + random() * 0.5);
}
