import { idList, int, optStr, rows, str, type FormValues } from '../components/form';
import type { ProductOut, SchemeVersion } from '../../../shared/protocol/api';

/** The simulator's answer (CONTRACT.md "Simulation format", plus lineRules: why a line earned). */
export type { SimulationOutput } from '../../../shared/simulator/simulate';

/** The scheme fields the simulator reads (the stored version carries status and dates too). */
const schemePart = (scheme: SchemeVersion) => ({
  id: scheme.id,
  version: scheme.version,
  program: scheme.program,
  validFrom: scheme.validFrom,
  validTo: scheme.validTo,
  stores: scheme.stores,
  earning: scheme.earning,
  redemption: scheme.redemption,
  excludedAffiliations: scheme.excludedAffiliations,
});

/** One simulation request: the typed basket and card standing under one scheme version. */
export function simulationInput(
  values: FormValues,
  scheme: SchemeVersion,
  rewardPoints: unknown[],
) {
  return {
    at: str(values, 'at'),
    currency: str(values, 'currency'),
    rewardPoints,
    scheme: schemePart(scheme),
    card: {
      tier: optStr(values, 'tier'),
      affiliations: idList(values, 'affiliations'),
      lots: rows(values, 'lots').map((lot, i) => ({
        id: `L${i + 1}`,
        rewardPoint: str(lot, 'rewardPoint'),
        remaining: int(lot, 'remaining'),
        vestsAt: optStr(lot, 'vestsAt'),
        expiresAt: optStr(lot, 'expiresAt'),
      })),
    },
    sale: {
      lines: rows(values, 'lines').map((line, i) => ({
        id: String(i + 1),
        product: str(line, 'product'),
        category: str(line, 'category'),
        quantity: int(line, 'quantity'),
        netAmount: str(line, 'netAmount'),
      })),
    },
  };
}

/** What a product's id fills in: its category and its price in the simulation's currency. */
export type ProductInfo = Pick<ProductOut, 'id' | 'category' | 'prices'>;

/**
 * When a basket line comes to name a known product, fills its category and price (in the
 * simulation's currency) where they are still empty.
 */
export function withProductDetails(
  previous: FormValues,
  next: FormValues,
  products: readonly ProductInfo[],
): FormValues {
  const currency = str(next, 'currency');
  const before = rows(previous, 'lines');
  const lines = rows(next, 'lines').map((line, i) => {
    const changed = str(line, 'product') !== str(before[i] ?? {}, 'product');
    const product = changed && products.find((p) => p.id === str(line, 'product'));
    if (!product) return line;
    const price = product.prices.find((p) => p.currency === currency)?.price ?? '';
    return {
      ...line,
      category: str(line, 'category') || product.category,
      netAmount: str(line, 'netAmount') || price,
    };
  });
  return { ...next, lines };
}

export const pointsText = (record: Record<string, number> | undefined): string =>
  Object.entries(record ?? {})
    .map(([id, points]) => `${id} ${points}`)
    .join(', ');

/** Which earning lines gave the points: "E1: 129, E2: 40". */
export const rulesText = (record: Record<string, number> | undefined): string =>
  Object.entries(record ?? {})
    .map(([id, points]) => `${id}: ${points}`)
    .join(', ');
