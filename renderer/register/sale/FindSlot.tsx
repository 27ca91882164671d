import type { Product } from '../../../shared/domain/master';

/**
 * The sale screen's panel area for finding things (product search results, quick keys, customer
 * search). It sits under the basket; what it shows adds a product or takes a card through the
 * same paths as a scan.
 */
export interface FindSlotProps {
  readonly onProduct: (product: Product) => void;
  readonly onCard: (number: string) => void;
}

export function FindSlot(_props: FindSlotProps) {
  return null;
}
