import http from 'node:http';

export interface HttpAnswer<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * One request on a connection of its own (no keep-alive), so a proxy's fault hits exactly this
 * request. Rejects when the connection breaks before the whole answer arrived.
 */
export function request<T>(
  url: string,
  method: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<HttpAnswer<T>> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        timeout: options.timeoutMs ?? 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('the answer was cut off')));
        res.on('end', () => {
          if (!res.complete) return reject(new Error('the answer was cut off'));
          const text = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * What a register's outbox does: send again until an answer arrives (the requests are idempotent:
 * facts by id, reservations by tender id). Counts the attempts that got no answer.
 */
export async function withRetry<T>(
  send: () => Promise<HttpAnswer<T>>,
  counters: { retries: number },
  attempts = 50,
): Promise<HttpAnswer<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await send();
      if (answer.status !== 503 && answer.status !== 502) return answer;
      counters.retries++;
    } catch (error) {
      counters.retries++;
      if (attempt >= attempts) throw error;
    }
    if (attempt >= attempts) throw new Error(`no answer after ${attempts} attempts`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(20 * attempt, 500)));
  }
}
