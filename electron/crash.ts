/**
 * What to do when the register page's renderer process dies: reload it, since the basket in
 * progress is kept in the page's storage and survives; but a page that keeps crashing at once is
 * not reloaded forever.
 */
export const CRASH_WINDOW_MS = 60_000;
export const MAX_RELOADS_IN_WINDOW = 3;

/** The renderer ended normally (the window closed): nothing to bring back. */
const NOT_CRASHES = new Set(['clean-exit']);

export type CrashDecision = 'reload' | 'ignore' | 'give-up';

export class CrashPolicy {
  private readonly reloads: number[] = [];

  constructor(private readonly now: () => number) {}

  decide(reason: string): CrashDecision {
    if (NOT_CRASHES.has(reason)) return 'ignore';
    const at = this.now();
    while (this.reloads.length > 0 && at - (this.reloads[0] ?? at) > CRASH_WINDOW_MS)
      this.reloads.shift();
    if (this.reloads.length >= MAX_RELOADS_IN_WINDOW) return 'give-up';
    this.reloads.push(at);
    return 'reload';
  }
}

/** The parts of `webContents` the crash watch needs. */
export interface ReloadableContents {
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown;
  reload(): void;
  isDestroyed(): boolean;
}

/** Reloads the page after its renderer is gone; `report` hears every crash and the decision. */
export function reloadOnCrash(
  contents: ReloadableContents,
  policy: CrashPolicy,
  report: (reason: string, decision: CrashDecision) => void,
): void {
  contents.on('render-process-gone', (_event, details) => {
    const decision = policy.decide(details.reason);
    report(details.reason, decision);
    if (decision === 'reload' && !contents.isDestroyed()) contents.reload();
  });
}
