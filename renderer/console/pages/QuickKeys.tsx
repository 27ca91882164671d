import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../common/errorText';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { useFirstItems, useIds } from '../components/useIds';
import { navigate } from '../routes';
import { api } from '../session';

type QuickKey = AnswerOf<typeof contract.hq.quickKeys.get>['keys'][number];

/** The most keys a sale screen holds (the server refuses more). */
const MAX_KEYS = 24;

/** Product names by id, for the keys added before saving (the server names the saved ones). */
function useProductNames(): ReadonlyMap<string, string> {
  const products = useFirstItems(contract.hq.products.list);
  return useMemo(() => new Map(products.map((p) => [p.id, p.name])), [products]);
}

/** Moves the item at `from` one place up (-1) or down (+1). */
const moved = <T,>(items: readonly T[], from: number, by: -1 | 1): T[] => {
  const to = from + by;
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[from], next[to]] = [next[to] as T, next[from] as T];
  return next;
};

/** One store's keys: add, order, remove, then save them all at once. */
function QuickKeyEditor({ store }: { store: string }) {
  const { t } = useTranslation();
  const names = useProductNames();
  const [keys, setKeys] = useState<QuickKey[] | null>(null);
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .route(contract.hq.quickKeys.get, { params: { store } })
      .then((body) => current && setKeys(body.keys))
      .catch((caught: unknown) => current && setError(errorText(caught)));
    return () => {
      current = false;
    };
  }, [store]);

  const change = (next: QuickKey[]) => {
    setKeys(next);
    setSaved(false);
    setError(null);
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const product = adding.trim();
    if (!keys || !product) return;
    if (keys.some((key) => key.product === product))
      return setError(t('quickKeys.already', { product }));
    change([...keys, { product, name: names.get(product) ?? product }]);
    setAdding('');
  };
  const save = async () => {
    if (!keys) return;
    try {
      const body = await api.route(contract.hq.quickKeys.replace, {
        params: { store },
        body: { keys: keys.map((key) => key.product) },
      });
      setKeys(body.keys);
      setSaved(true);
      setError(null);
    } catch (caught) {
      setSaved(false);
      setError(errorText(caught));
    }
  };

  if (!keys) return error ? <p role="alert">{error}</p> : <p role="status">…</p>;
  return (
    <section aria-label={t('quickKeys.of', { store })}>
      <p>{t('quickKeys.explain', { max: MAX_KEYS })}</p>
      {keys.length === 0 ? (
        <p>{t('quickKeys.none')}</p>
      ) : (
        <ol className="quick-key-list" aria-label={t('quickKeys.of', { store })}>
          {keys.map((key, index) => (
            <li key={key.product}>
              <span>
                {key.name} <small>{key.product}</small>
              </span>
              <button
                type="button"
                disabled={index === 0}
                aria-label={t('quickKeys.up', { name: key.name })}
                onClick={() => change(moved(keys, index, -1))}
              >
                ↑
              </button>
              <button
                type="button"
                disabled={index === keys.length - 1}
                aria-label={t('quickKeys.down', { name: key.name })}
                onClick={() => change(moved(keys, index, 1))}
              >
                ↓
              </button>
              <button
                type="button"
                onClick={() => change(keys.filter((other) => other.product !== key.product))}
              >
                {t('quickKeys.remove', { name: key.name })}
              </button>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={add} aria-label={t('quickKeys.add')}>
        <label>
          {t('quickKeys.product')}
          <input
            list="quick-key-products"
            value={adding}
            disabled={keys.length >= MAX_KEYS}
            onChange={(event) => setAdding(event.target.value)}
          />
        </label>
        <datalist id="quick-key-products">
          {[...names].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={keys.length >= MAX_KEYS}>
          {t('quickKeys.add')}
        </button>
      </form>
      <button type="button" className="primary" onClick={() => void save()}>
        {t('quickKeys.save')}
      </button>
      {error && <p role="alert">{error}</p>}
      {saved && <p role="status">{t('quickKeys.saved', { store })}</p>}
    </section>
  );
}

/**
 * The quick keys of a store's sale screen: the favourite products as buttons, in grid order.
 * They reach the store's registers with the next distribution (1050).
 */
export function QuickKeys({ store }: { store: string | null }) {
  const { t } = useTranslation();
  const stores = useIds(contract.hq.stores.list);
  return (
    <>
      <h2>{t('quickKeys.title')}</h2>
      <label>
        {t('registers.store')}
        <select value={store ?? ''} onChange={(e) => navigate('quick-keys', e.target.value)}>
          <option value="">{t('registers.pickStore')}</option>
          {stores.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      {store && <QuickKeyEditor key={store} store={store} />}
    </>
  );
}
