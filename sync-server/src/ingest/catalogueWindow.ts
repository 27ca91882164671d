import type { CatalogueWindow } from '../posting/catalogue';
import type { QuietContact } from './skew';

/**
 * The distribution versions a register could have priced a fact at (posting/catalogue.ts): a
 * register only moves forward, so a fact made after its last quiet contact was priced at the
 * version it held then or a later one, and never at one the store was sent after the fact arrived.
 * Without such a contact, only the latest version is known to be on the register.
 */
export function catalogueWindow(
  deviceSeq: number,
  quiet: QuietContact | null,
  latest: number,
): CatalogueWindow {
  const after = quiet !== null && quiet.version !== null && deviceSeq > quiet.seq;
  const held = after ? quiet.version : latest;
  return { from: Math.min(held ?? latest, latest), to: latest };
}
