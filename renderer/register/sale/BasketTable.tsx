import { Fragment, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { PricedLine } from '../../../shared/checkout/pricing';
import type { Scheme } from '../../../shared/domain/loyalty';
import type { Earning } from '../../../shared/engine/earning';
import { formatMoney } from '../../common/i18n';
import { pointsText } from '../cards/pointsText';
import type { StoreSetup } from '../setup/storeSetup';
import { findProduct } from '../setup/storeSetup';
import { useBasket } from './basket';

/** Product entry: a code or barcode, typed or scanned (keyboard-wedge text ending with Enter). */
export function ProductEntry({
  setup,
  inputRef,
  locked,
}: {
  setup: StoreSetup;
  inputRef: RefObject<HTMLInputElement | null>;
  locked: boolean;
}) {
  const { t } = useTranslation();
  const addProduct = useBasket((state) => state.addProduct);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) return;
    const product = findProduct(setup, code);
    if (!product) return setError(t('register.basket.unknownProduct', { code: code.trim() }));
    addProduct(product.id);
    setError(null);
    setCode('');
  };
  return (
    <form className="entry" onSubmit={submit} aria-label={t('register.basket.entry')}>
      <label>
        {t('register.basket.product')} <kbd>F7</kbd>
        <input
          ref={inputRef}
          autoComplete="off"
          value={code}
          disabled={locked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'product-error' : undefined}
          onChange={(event) => setCode(event.target.value)}
        />
      </label>
      <button type="submit" disabled={locked}>
        {t('register.basket.add')}
      </button>
      {error && (
        <p id="product-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The basket's lines with their prices, the tier discount and the points each line earns. */
export function BasketTable({
  lines,
  earning,
  schemes,
  currency,
  locked,
}: {
  lines: readonly PricedLine[];
  earning: Earning | null;
  /** The schemes the sale earns under: "why" names the scheme (a promotion) of each line. */
  schemes: readonly Scheme[];
  currency: string;
  locked: boolean;
}) {
  const { t } = useTranslation();
  const schemeOf = new Map(
    schemes.flatMap((s) => s.earning.map((rule) => [rule.id, s.name ?? s.id] as const)),
  );
  const { setQuantity, removeItem } = useBasket();
  const [open, setOpen] = useState<string | null>(null);
  if (lines.length === 0) return <p className="empty">{t('register.basket.empty')}</p>;
  return (
    <table className="basket" aria-label={t('register.basket.title')}>
      <thead>
        <tr>
          <th scope="col">{t('register.basket.item')}</th>
          <th scope="col">{t('register.basket.quantity')}</th>
          <th scope="col">{t('register.basket.price')}</th>
          <th scope="col">{t('register.basket.discount')}</th>
          <th scope="col">{t('register.basket.net')}</th>
          <th scope="col">{t('register.basket.points')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('register.basket.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const lineEarning = earning?.lines.find((l) => l.id === line.id);
          return (
            <Fragment key={line.id}>
              <tr aria-label={line.name}>
                <th scope="row">{line.name}</th>
                <td>
                  <input
                    type="number"
                    min={1}
                    className="quantity"
                    aria-label={t('register.basket.quantityOf', { name: line.name })}
                    value={line.quantity}
                    disabled={locked}
                    onChange={(event) => {
                      const value = Number(event.target.value);
                      if (Number.isSafeInteger(value) && value > 0) setQuantity(line.id, value);
                    }}
                  />
                </td>
                <td>{formatMoney(line.unitPrice, currency)}</td>
                <td>{line.tierDiscount > 0 ? formatMoney(-line.tierDiscount, currency) : ''}</td>
                <td>{formatMoney(line.netAmount, currency)}</td>
                <td data-testid={`line-points-${line.id}`}>
                  {pointsText(lineEarning?.earned ?? {})}
                </td>
                <td>
                  <button
                    type="button"
                    aria-expanded={open === line.id}
                    onClick={() => setOpen(open === line.id ? null : line.id)}
                  >
                    {t('register.basket.why', { name: line.name })}
                  </button>
                  <button type="button" disabled={locked} onClick={() => removeItem(line.id)}>
                    {t('register.basket.remove', { name: line.name })}
                  </button>
                </td>
              </tr>
              {open === line.id && (
                <tr>
                  <td colSpan={7}>
                    <ul aria-label={t('register.basket.rules', { name: line.name })}>
                      {Object.entries(lineEarning?.rules ?? {}).map(([rule, pts]) => (
                        <li key={rule}>
                          {t('register.basket.rule', {
                            rule,
                            scheme: schemeOf.get(rule) ?? '',
                            points: pts,
                          })}
                        </li>
                      ))}
                      {Object.keys(lineEarning?.rules ?? {}).length === 0 && (
                        <li>{t('register.basket.noRules')}</li>
                      )}
                    </ul>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
