import { z } from 'zod';
import { Id } from '../../../shared/domain/common';
import { api } from '../../../shared/protocol/api';
import { ApiError, checkReply, routeUrl } from '../../common/api';
import { readMeta, writeMeta, type RegisterDb } from '../localdb/schema';

/** What a register keeps of its enrolment: where its server is and the token scoped to it. */
export const Enrolment = z.object({
  serverUrl: z.string(),
  token: z.string().min(1),
  store: Id,
  register: Id,
});
export type Enrolment = z.infer<typeof Enrolment>;

const ENROLMENT_KEY = 'enrolment';

export async function readEnrolment(db: RegisterDb): Promise<Enrolment | null> {
  const stored = Enrolment.safeParse(await readMeta(db, ENROLMENT_KEY));
  return stored.success ? stored.data : null;
}

export async function saveEnrolment(db: RegisterDb, enrolment: Enrolment): Promise<void> {
  await writeMeta(db, ENROLMENT_KEY, Enrolment.parse(enrolment));
}

/** Trades head office's one-time code for the register's token. */
export async function enrolWithCode(serverUrl: string, code: string): Promise<Enrolment> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${routeUrl(api.auth.enrol)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  } catch {
    throw new ApiError(0, 'offline', 'the server cannot be reached');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'enrolmentFailed',
      error?.message ?? 'the enrolment was refused',
    );
  }
  return { serverUrl, ...checkReply(api.auth.enrol, response.status, body) };
}

/** Enrolment handed over in the page address: `#enrol=<code>`, or `#token=..&store=..&register=..`. */
export type HandedEnrolment =
  | { readonly kind: 'code'; readonly code: string }
  | {
      readonly kind: 'token';
      readonly token: string;
      readonly store: string;
      readonly register: string;
    };

export function enrolmentFromFragment(hash: string): HandedEnrolment | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get('enrol');
  if (code) return { kind: 'code', code };
  const token = params.get('token');
  const store = params.get('store');
  const register = params.get('register');
  if (token && store && register) return { kind: 'token', token, store, register };
  return null;
}
