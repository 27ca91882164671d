/**
 * Secrets the server hands out (register tokens, staff sessions, enrolment codes) are random and
 * stored only as SHA-256 hashes: with 256 bits of entropy a fast hash is enough. PINs are short, so
 * they are stretched with PBKDF2 (WebCrypto, the same in Node and in the register's browser, which
 * checks PINs offline against the distributed hashes).
 */
const encoder = new TextEncoder();
const subtle = globalThis.crypto.subtle;

const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const fromBase64Url = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

export function randomToken(bytes = 32): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A one-time enrolment code a person can type: 12 characters without look-alikes, in groups. */
export function randomEnrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export async function hashToken(token: string): Promise<string> {
  const digest = await subtle.digest('SHA-256', encoder.encode(token));
  return toBase64Url(new Uint8Array(digest));
}

export const PIN_ITERATIONS = 120_000;

async function pbkdf2(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` */
export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<string> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(pin, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, salt, expected] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterationsText || !salt || !expected) return false;
  const iterations = Number(iterationsText);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return false;
  const actual = await pbkdf2(pin, fromBase64Url(salt), iterations);
  const wanted = fromBase64Url(expected);
  if (actual.length !== wanted.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= (actual[i] ?? 0) ^ (wanted[i] ?? 0);
  return difference === 0;
}

export { PIN_PATTERN } from '../../../shared/protocol/api/masterWire';

let unknownStaffHash: Promise<string> | null = null;

/**
 * A PIN hash no PIN matches, of the same strength: checked for an unknown staff id, so it answers
 * as slowly as a known one and its timing tells nothing.
 */
export function pinHashForUnknownStaff(): Promise<string> {
  unknownStaffHash ??= hashPin(randomToken());
  return unknownStaffHash;
}
