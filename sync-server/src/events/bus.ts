import type { SyncEvent } from '../../../shared/protocol/sync';

/**
 * Fans sync events out to the SSE streams of this process. With several replicas the bus is fed
 * from PostgreSQL's LISTEN/NOTIFY, so a register connected to any replica hears every event.
 */
export interface EventBus {
  publish(event: SyncEvent): Promise<void>;
  /** Several events at once, in order (one round trip where the bus has to travel). */
  publishAll(events: readonly SyncEvent[]): Promise<void>;
  subscribe(listener: (event: SyncEvent) => void): () => void;
  close(): Promise<void>;
}

export function localBus(): EventBus & { deliver(event: SyncEvent): void } {
  const listeners = new Set<(event: SyncEvent) => void>();
  const deliver = (event: SyncEvent) => {
    for (const listener of listeners) listener(event);
  };
  return {
    deliver,
    publish: async (event) => deliver(event),
    publishAll: async (events) => events.forEach(deliver),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  };
}
