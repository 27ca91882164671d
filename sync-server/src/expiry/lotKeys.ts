import { createHash } from 'node:crypto';

/**
 * The id of the entry that expires a lot: a name-based UUID (SHA-1, version 5 layout) of the lot's
 * entry id, so however often the job runs, a lot gets one expire entry, and postEntries answers a
 * repeat as a duplicate.
 */
export function expiryEntryId(lotEntryId: string): string {
  const bytes = createHash('sha1').update(`loyalty:expire:${lotEntryId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
