/**
 * The one way the register and the console talk to the server: JSON over fetch, the tokens they
 * hold, and the server's error body (`{ error: { code, message } }`) turned into an ApiError whose
 * message can be shown to a person as it is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the code's sentence needs filled in (a field, an amount), as the server sent it. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Tokens {
  /** A staff session (PIN sign-in). */
  readonly staff?: string | null;
  /** The register's own token, set at enrolment. */
  readonly register?: string | null;
}

export interface ApiClient {
  call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
    ?.error;
  return new ApiError(
    status,
    error?.code ?? 'http',
    error?.message ?? `the server answered ${status}`,
    error?.details,
  );
}

export function apiClient(baseUrl: string, tokens: () => Tokens): ApiClient {
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const { staff, register } = tokens();
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (register) {
        headers['authorization'] = `Bearer ${register}`;
        if (staff) headers['x-staff-token'] = staff;
      } else if (staff) {
        headers['authorization'] = `Bearer ${staff}`;
      }
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch {
        throw new ApiError(0, 'offline', 'the server cannot be reached');
      }
      const text = await response.text();
      const parsed: unknown = text ? JSON.parse(text) : null;
      if (!response.ok) throw errorFrom(response.status, parsed);
      return parsed as T;
    },
  };
}
