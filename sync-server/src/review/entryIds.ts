import { createHash } from 'node:crypto';
import type { EntryDraft, Fact } from '../../../shared/protocol/sync';

/** The namespace of reposted entry ids (a fixed random UUID, so no other name-based id collides). */
const REPOST_NAMESPACE = '5d0c8f3e-7a41-4b52-9f1e-2c6b8e0a9d17';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

/** A name-based UUID (version 5, RFC 9562): SHA-1 of namespace and name, same inputs, same id. */
export function uuidV5(name: string, namespace = REPOST_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id a reposted entry is posted under in place of `entryId` of fact `factId`. */
export function repostedEntryId(factId: string, entryId: string): string {
  return uuidV5(`${factId}/${entryId}`);
}

/** The entry drafts of a fact, whatever its type. */
export function draftsIn(fact: Fact): readonly EntryDraft[] {
  if (fact.type === 'sale') return fact.receipt.entries;
  if (fact.type === 'ledgerEntry') return [fact.entry];
  return [];
}

/**
 * The fact with its drafts' ids, and the entry ids they point at (`reverses`, consumed lots),
 * replaced through `ids` where it has a replacement.
 */
export function withEntryIds(fact: Fact, ids: ReadonlyMap<string, string>): Fact {
  const swap = (id: string) => ids.get(id) ?? id;
  const draft = (d: EntryDraft): EntryDraft => ({
    ...d,
    id: swap(d.id),
    reverses: d.reverses === null ? null : swap(d.reverses),
    lots: d.lots.map((lot) => ({ ...lot, id: swap(lot.id) })),
  });
  if (fact.type === 'sale')
    return { ...fact, receipt: { ...fact.receipt, entries: fact.receipt.entries.map(draft) } };
  if (fact.type === 'ledgerEntry') return { ...fact, entry: draft(fact.entry) };
  return fact;
}
