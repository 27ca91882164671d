import { SyncEvent } from '../../../shared/protocol/sync';
import { api } from '../../../shared/protocol/api';
import { ApiError, routeUrl } from '../../common/api';
import type { ServerLink } from './link';

export interface EventHandlers {
  readonly onEvent: (event: SyncEvent) => void;
  /** Any frame, keep-alive comments included: the server is there. */
  readonly onAlive: () => void;
}

/** Parses one SSE frame ("event: x\ndata: {...}"); comments and unknown events give null. */
export function parseFrame(frame: string): SyncEvent | null {
  const data = frame
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  if (!data) return null;
  try {
    const result = SyncEvent.safeParse(JSON.parse(data));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * Follows `GET /api/sync/events`. EventSource cannot send the register's token in the
 * Authorization header the server requires, so the stream is read with fetch. Resolves when the
 * server ends the stream, rejects when it cannot be reached or refuses; abort with `signal`.
 */
export async function followEvents(
  link: ServerLink,
  signal: AbortSignal,
  handlers: EventHandlers,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${link.serverUrl}${routeUrl(api.sync.events)}`, {
      headers: { authorization: link.authorization, accept: 'text/event-stream' },
      signal,
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'offline', 'the server cannot be reached');
  }
  if (!response.ok || !response.body)
    throw new ApiError(response.status, 'events', `the event stream answered ${response.status}`);
  handlers.onAlive();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handlers.onAlive();
        const event = parseFrame(frame);
        if (event) handlers.onEvent(event);
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw new ApiError(0, 'offline', `the event stream broke: ${String(error)}`);
  } finally {
    reader.releaseLock();
  }
}
