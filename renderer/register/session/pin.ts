/**
 * Checks a PIN against a distributed staff hash (`pbkdf2-sha256$<iterations>$<salt>$<hash>`,
 * the server's format) with WebCrypto, so staff sign in at the register with no network.
 */
const fromBase64Url = (text: string): Uint8Array => {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
};

export async function verifyPinOffline(pin: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, salt, expected] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterationsText || !salt || !expected) return false;
  const iterations = Number(iterationsText);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return false;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt) as BufferSource, iterations },
      key,
      256,
    ),
  );
  const wanted = fromBase64Url(expected);
  if (bits.length !== wanted.length) return false;
  let difference = 0;
  for (let i = 0; i < bits.length; i++) difference |= (bits[i] ?? 0) ^ (wanted[i] ?? 0);
  return difference === 0;
}
