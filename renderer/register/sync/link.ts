import type { AnswerOf, RouteContract } from '../../../shared/protocol/api/contract';
import { ApiError, checkReply, routeUrl, type RouteInput } from '../../common/api';

/** What one exchange with the server told about the connection (for the sync state). */
export interface Contact {
  /** Local time of the answer, ms since the epoch. */
  readonly at: number;
  /** Server clock minus local clock, measured at the middle of the round trip. */
  readonly clockOffsetMs: number | null;
}

export interface LinkOptions {
  readonly serverUrl: string;
  readonly token: string;
  readonly onContact?: (contact: Contact) => void;
  readonly onUnreachable?: () => void;
  readonly now?: () => number;
}

function serverTimeOf(body: unknown): string | null {
  const value = (body as { serverTime?: unknown } | null)?.serverTime;
  return typeof value === 'string' ? value : null;
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return new ApiError(
    status,
    error?.code ?? 'http',
    error?.message ?? `the server answered ${status}`,
  );
}

/**
 * The register's line to the server: the register token as the bearer, every answer validated
 * with the shared zod schema, and each exchange reported as contact (or as unreachable).
 */
export class ServerLink {
  private readonly now: () => number;

  constructor(private readonly options: LinkOptions) {
    this.now = options.now ?? Date.now;
  }

  get serverUrl(): string {
    return this.options.serverUrl;
  }

  get authorization(): string {
    return `Bearer ${this.options.token}`;
  }

  /** Calls a route by its contract entry; the answer is checked with the entry's reply schema. */
  async route<C extends RouteContract>(entry: C, input: RouteInput<C>): Promise<AnswerOf<C>> {
    const { body } = input as { body?: unknown };
    const headers: Record<string, string> = { authorization: this.authorization };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const sent = this.now();
    let response: Response;
    let parsed: unknown;
    try {
      response = await fetch(`${this.options.serverUrl}${routeUrl(entry, input)}`, {
        method: entry.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      parsed = text ? JSON.parse(text) : null;
    } catch {
      this.options.onUnreachable?.();
      throw new ApiError(0, 'offline', 'the server cannot be reached');
    }
    this.reportContact(sent, serverTimeOf(parsed));
    if (!response.ok) throw errorOf(response.status, parsed);
    return checkReply(entry, response.status, parsed);
  }

  /** Reports contact for a response (or event) that arrived now; serverTime when it carried one. */
  reportContact(sent: number, serverTime: string | null): void {
    const at = this.now();
    const server = serverTime ? Date.parse(serverTime) : NaN;
    const clockOffsetMs = Number.isNaN(server) ? null : Math.round(server - (sent + at) / 2);
    this.options.onContact?.({ at, clockOffsetMs });
  }
}
