import type { Product } from '../../../shared/domain/master';
import { CustomerSearch } from '../find/CustomerSearch';
import { ProductSearch } from '../find/ProductSearch';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';

/**
 * The sale screen's panel area for finding things (product search, customer search), under the
 * basket. What it finds goes through the same paths as a scan: a product to the basket, a card to
 * the sale.
 */
export interface FindSlotProps {
  readonly engine: SyncEngine;
  readonly setup: StoreSetup;
  readonly disabled: boolean;
  readonly onProduct: (product: Product) => void;
  readonly onCard: (number: string) => Promise<string | null>;
}

export function FindSlot({ engine, setup, disabled, onProduct, onCard }: FindSlotProps) {
  return (
    <>
      <ProductSearch setup={setup} disabled={disabled} onProduct={onProduct} />
      <CustomerSearch engine={engine} disabled={disabled} onCard={onCard} />
    </>
  );
}
