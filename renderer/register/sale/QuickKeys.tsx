import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../shared/domain/master';
import { parseAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import { useFocusKey } from '../find/useFocusKey';
import type { StoreSetup } from '../setup/storeSetup';

export const QUICK_KEYS_KEY = 'Shift+F1';

/** The store's quick keys that this register can sell: those whose product it holds. */
export function quickKeyProducts(setup: StoreSetup): Product[] {
  return setup.store.quickKeys.flatMap((id) => {
    const product = setup.products.get(id.toUpperCase());
    return product ? [product] : [];
  });
}

/** Where an arrow key moves focus in the grid, or null when it leaves the grid's edge. */
function nextIndex(key: string, index: number, count: number, columns: number): number | null {
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[key];
  if (step === undefined) return null;
  const next = index + step;
  return next >= 0 && next < count ? next : null;
}

/**
 * The favourite products head office chose for this store, as big buttons: a touch (or Enter on
 * a focused key) adds the product, with the quantity typed before it. Shift+F1 puts focus on the
 * first key and the arrows move through the grid.
 */
export function QuickKeys({
  setup,
  disabled,
  onProduct,
}: {
  setup: StoreSetup;
  disabled: boolean;
  onProduct: (product: Product) => void;
}) {
  const { t } = useTranslation();
  const grid = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useFocusKey(QUICK_KEYS_KEY, first);
  const products = quickKeyProducts(setup);
  if (products.length === 0) return null;

  const move = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const element = grid.current;
    if (!element) return;
    // As many columns as the stylesheet gives the grid at this screen width.
    const columns = getComputedStyle(element).gridTemplateColumns.split(' ').length;
    const next = nextIndex(event.key, index, products.length, columns);
    if (next === null) return;
    event.preventDefault();
    element.querySelectorAll('button')[next]?.focus();
  };
  const price = (product: Product) =>
    formatMoney(parseAmount(product.price, setup.store.currency), setup.store.currency);

  return (
    <section className="quick-keys" aria-label={t('register.quickKeys.title')}>
      <h2 className="quick-keys-title">
        {t('register.quickKeys.title')} <kbd>⇧F1</kbd>
      </h2>
      <div className="quick-keys-grid" ref={grid}>
        {products.map((product, index) => (
          <button
            key={product.id}
            ref={index === 0 ? first : undefined}
            type="button"
            className="quick-key"
            disabled={disabled}
            onClick={() => onProduct(product)}
            onKeyDown={(event) => move(event, index)}
          >
            <span className="quick-key-name">{product.name}</span>
            <span className="quick-key-price">{price(product)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
