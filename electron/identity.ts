import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Id } from '../shared/domain/common';
import type { RegisterEnrolment, RegisterIdentity } from './bridgeApi';
import { loadJson, saveJson } from './jsonFile';

export const EnrolmentSchema = z.object({
  store: Id,
  register: Id,
  token: z.string().min(1).max(512),
});

const IdentitySchema = z.object({
  serverUrl: z.string().nullable(),
  enrolment: EnrolmentSchema.nullable(),
});

const NO_IDENTITY: RegisterIdentity = { serverUrl: null, enrolment: null };

/** A server address as the shell keeps it: http(s), its origin only. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`"${text}" is not a web address such as http://127.0.0.1:8787`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`the sync server is reached over http or https, not ${url.protocol}`);
  return url.origin;
}

/**
 * The register's identity and its server's address, in the shell's user data: it outlives a
 * cleared browser profile, and the shell reads the server address from it to forward `/api`.
 */
export class IdentityStore {
  readonly file: string;
  private current: RegisterIdentity | null = null;

  constructor(userDataDir: string) {
    this.file = path.join(userDataDir, 'register-identity.json');
  }

  async read(): Promise<RegisterIdentity> {
    this.current ??= (await loadJson(this.file, IdentitySchema, NO_IDENTITY)).value;
    return this.current;
  }

  /** The last identity read or written, for the protocol handler that cannot wait on a file. */
  get serverUrl(): string | null {
    return this.current?.serverUrl ?? null;
  }

  private async write(identity: RegisterIdentity): Promise<RegisterIdentity> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await saveJson(this.file, identity);
    this.current = identity;
    return identity;
  }

  async setServerUrl(text: string): Promise<RegisterIdentity> {
    const serverUrl = normaliseServerUrl(text);
    const before = await this.read();
    if (before.serverUrl === serverUrl) return before;
    // A token belongs to the server that issued it.
    return this.write({ serverUrl, enrolment: null });
  }

  async saveEnrolment(enrolment: RegisterEnrolment): Promise<RegisterIdentity> {
    const before = await this.read();
    return this.write({ ...before, enrolment: EnrolmentSchema.parse(enrolment) });
  }
}
