import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../shared/domain/master';
import { parseAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import type { StoreSetup } from '../setup/storeSetup';
import { searchProducts } from './productSearch';
import { useFocusKey } from './useFocusKey';
import './find.css';

export const PRODUCT_SEARCH_KEY = 'Shift+F7';

/**
 * Finds a product in the local catalogue by name or code as it is typed; Enter or a click adds
 * the first (or the picked) one to the basket.
 */
export function ProductSearch({
  setup,
  disabled,
  onProduct,
}: {
  setup: StoreSetup;
  disabled: boolean;
  onProduct: (product: Product) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchProducts(setup.products.values(), query), [setup, query]);
  useFocusKey(PRODUCT_SEARCH_KEY, input);

  const pick = (product: Product) => {
    setQuery('');
    onProduct(product);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [first] = found;
    if (first) pick(first);
  };
  const price = (product: Product) =>
    formatMoney(parseAmount(product.price, setup.store.currency), setup.store.currency);

  return (
    <section className="find" aria-label={t('register.find.products')}>
      <form role="search" onSubmit={submit} aria-label={t('register.find.products')}>
        <label>
          <span>
            {t('register.find.productQuery')} <kbd>{PRODUCT_SEARCH_KEY}</kbd>
          </span>
          <input
            ref={input}
            type="search"
            autoComplete="off"
            value={query}
            disabled={disabled}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setQuery('')}
          />
        </label>
      </form>
      {query.trim() && found.length === 0 && (
        <p role="status">{t('register.find.noProduct', { query: query.trim() })}</p>
      )}
      {found.length > 0 && (
        <ul className="find-results" aria-label={t('register.find.productsFound')}>
          {found.map((product) => (
            <li key={product.id}>
              <button type="button" disabled={disabled} onClick={() => pick(product)}>
                <span>{product.name}</span>
                <small>
                  {product.id}
                  {product.barcode ? ` · ${product.barcode}` : ''}
                </small>
                <span>{price(product)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
