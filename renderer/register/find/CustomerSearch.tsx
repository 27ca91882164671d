import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../common/errorText';
import type { SyncEngine } from '../sync/engine';
import { searchCustomers, type CustomerSearchResult } from './customerSearch';
import { useFocusKey } from './useFocusKey';
import './find.css';

export const CUSTOMER_SEARCH_KEY = 'Shift+F6';

/** The last four digits of a card: enough to tell a customer's cards apart at the counter. */
const cardEnding = (number: string) => `…${number.slice(-4)}`;

/**
 * Finds a customer by name (offline, from the local cards), phone or e-mail (through the server);
 * picking one takes their card for the sale. By keyboard: Enter searches, the down arrow goes to
 * the customers found, Enter on one takes their card.
 */
export function CustomerSearch({
  engine,
  disabled,
  onCard,
}: {
  engine: SyncEngine;
  disabled: boolean;
  /** Takes the card for the sale; answers why not (a blocked card), or null. */
  onCard: (number: string) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<CustomerSearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusKey(CUSTOMER_SEARCH_KEY, input);

  const clear = () => {
    setQuery('');
    setResult(null);
    setError(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    try {
      setResult(await searchCustomers(engine, query));
      setError(null);
    } catch (caught) {
      setResult(null);
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  /** Down from the field to the first customer found, then up and down the list. */
  const moveFocus = (event: KeyboardEvent, from: number) => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const next = from + step;
    if (next < -1 || next >= buttons.length) return;
    event.preventDefault();
    (next === -1 ? input.current : buttons[next])?.focus();
  };
  const pick = async (number: string) => {
    const refused = await onCard(number);
    clear();
    setError(refused);
  };

  return (
    <section className="find" aria-label={t('register.find.customers')}>
      <form role="search" onSubmit={submit} aria-label={t('register.find.customers')}>
        <label>
          <span>
            {t('register.find.customerQuery')} <kbd>{CUSTOMER_SEARCH_KEY}</kbd>
          </span>
          <input
            ref={input}
            type="search"
            autoComplete="off"
            value={query}
            disabled={disabled}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => (event.key === 'Escape' ? clear() : moveFocus(event, -1))}
          />
        </label>
        <button type="submit" disabled={disabled || busy || !query.trim()}>
          {t('register.find.search')}
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {result?.kind === 'offline' && <p role="alert">{t('register.find.contactOffline')}</p>}
      {result?.kind === 'found' && result.hits.length === 0 && (
        <p role="status">{t('register.find.noCustomer')}</p>
      )}
      {result?.kind === 'found' && result.hits.length > 0 && (
        <ul className="find-results" ref={list} aria-label={t('register.find.customersFound')}>
          {result.hits.map((hit, index) => (
            <li key={hit.number}>
              <button
                type="button"
                disabled={disabled}
                onClick={() => void pick(hit.number)}
                onKeyDown={(event) => moveFocus(event, index)}
              >
                <span>{hit.name}</span>
                <small>{t('register.find.card', { ending: cardEnding(hit.number) })}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
