/** The parts of a fact body the rule reads, every one of them unchecked. */
interface UncheckedSale {
  readonly type?: unknown;
  readonly receipt?: {
    readonly returnOf?: unknown;
    readonly entries?: unknown;
    readonly tenders?: unknown;
  } | null;
}

const kindOf = (item: unknown): unknown => (item as { kind?: unknown } | null)?.kind;

/**
 * A plain sale only earns: no return, no entry but earnings, no points tender. It touches its own
 * card and nothing else, and its earnings only add to that card. The server posts plain sales in
 * runs (and plain sales of different cards side by side); anything else is posted in order.
 *
 * Reads a fact body as stored, before its checks: a body that is not plainly such a sale (a
 * malformed one included) is not plain, and its own checks reject it later.
 */
export function isPlainSale(body: unknown): boolean {
  const fact = body as UncheckedSale | null;
  if (fact?.type !== 'sale' || !fact.receipt) return false;
  const { returnOf, entries, tenders } = fact.receipt;
  return (
    (returnOf === null || returnOf === undefined) &&
    Array.isArray(entries) &&
    entries.every((entry) => kindOf(entry) === 'earn') &&
    Array.isArray(tenders) &&
    tenders.every((tender) => kindOf(tender) !== 'points')
  );
}
