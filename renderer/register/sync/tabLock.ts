import { useSyncExternalStore } from 'react';

/**
 * One sync engine per browser: the tab that holds this Web Lock syncs; another tab of the same
 * register waits for the lock and says the register is open elsewhere. Two engines would push the
 * same outbox twice over and race each other's snapshot loads.
 */
const LOCK = 'loyalty-register-sync';

/** `held`: this tab syncs; `elsewhere`: another tab or window holds the register. */
export type TabLockState = 'waiting' | 'held' | 'elsewhere';

let state: TabLockState = 'waiting';
const listeners = new Set<() => void>();

function set(next: TabLockState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** Resolves once this tab holds the lock, kept until the page goes away. */
export async function holdSyncLock(
  locks: LockManager | undefined = navigator.locks,
): Promise<void> {
  // A browser without Web Locks syncs as before, one engine per tab.
  if (!locks) return set('held');
  const kept = new Promise<never>(() => {});
  const now = await new Promise<boolean>((resolve) => {
    void locks.request(LOCK, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? kept : undefined;
    });
  });
  if (!now) {
    set('elsewhere');
    await new Promise<void>((resolve) => {
      void locks.request(LOCK, () => {
        resolve();
        return kept;
      });
    });
  }
  set('held');
}

export function useTabLock(): TabLockState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
