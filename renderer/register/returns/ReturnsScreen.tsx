import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { receiptNumber } from '../../../shared/checkout/receipt';
import { buildReturnReceipt, refundOf } from '../../../shared/checkout/returns';
import type { SaleFact } from '../../../shared/protocol/sync';
import { parseAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import type { RegisterDb } from '../localdb/schema';
import { useStoreTime } from '../storeTime';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import type { SignedIn } from '../session/session';
import { printReceipt } from '../print';
import { Receipt } from '../sale/Receipt';
import { readReturnable, type Returnable } from './returnable';
import { findReceipt } from './findReceipt';
import { errorText } from '../../common/errorText';
import { useActionKeys } from '../manager/actionKeys';
import { ShortcutButton } from '../manager/ShortcutButton';

/** Alt and these digits press the screen's two actions (actionKeys.ts); their buttons show them. */
const RETURN_KEY = 1;
const ANOTHER_KEY = 2;

/**
 * Returns: find the receipt by its number (scanned from its barcode or typed: this register's own
 * also offline, the store's others through the server) or pick one this register holds, pick
 * lines, reverse exactly their stored points. The return's receipt shows in place of the lines,
 * with the receipt field still there and focused: the next receipt is scanned at once.
 */
export function ReturnsScreen({
  engine,
  db,
  setup,
  staff,
  startNumber = null,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  staff: SignedIn;
  /** A receipt number scanned at the sale screen: the return of that receipt starts at once. */
  startNumber?: string | null;
}) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  // A live query: the list follows the facts table, so a sale just made or a return just
  // recorded shows at once.
  const sales: readonly Returnable[] = useLiveQuery(() => readReturnable(db), [db]) ?? [];
  const [picked, setPicked] = useState<Returnable | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  /** The return just recorded, with the number of the receipt it returns. */
  const [done, setDone] = useState<{ fact: SaleFact; of: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [number, setNumber] = useState(startNumber ?? '');
  const [busy, setBusy] = useState(false);
  const screen = useRef<HTMLElement>(null);
  const numberField = useRef<HTMLInputElement>(null);
  const linesForm = useRef<HTMLFormElement>(null);
  useActionKeys(screen);

  /** Focus on the receipt field, its number selected so that a scan or typing replaces it. */
  const focusNumber = () => {
    numberField.current?.focus();
    numberField.current?.select();
  };
  // A receipt picked: its first line that can still be returned takes the quantity typed.
  useEffect(() => {
    if (!picked) return;
    const first = linesForm.current?.querySelector<HTMLInputElement>('input:enabled');
    first?.focus();
    first?.select();
  }, [picked]);
  // A return recorded: the receipt field takes the next receipt.
  useEffect(() => {
    if (done) focusNumber();
  }, [done]);
  const another = () => {
    setDone(null);
    focusNumber();
  };

  const pick = (entry: Returnable | null) => {
    setDone(null);
    setPicked(entry);
    setQuantities({});
  };
  const find = async (typed: string) => {
    const wanted = typed.trim();
    if (!wanted) return;
    setError(null);
    setDone(null);
    try {
      const found = await findReceipt(engine, db, wanted);
      if (found.kind === 'found') return pick(found.returnable);
      pick(null);
      setError(
        t(
          found.kind === 'offline'
            ? 'register.returns.notHereOffline'
            : 'register.returns.notFound',
          {
            number: wanted,
          },
        ),
      );
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  useEffect(() => {
    if (startNumber) {
      setNumber(startNumber);
      void find(startNumber);
    }
    // Only a new scan starts a search; `find` changes with every render.
  }, [startNumber]);

  const names = (product: string) => setup.products.get(product.toUpperCase())?.name ?? product;
  const overLimit = picked
    ? picked.sale.receipt.lines.some(
        (line) => (quantities[line.id] ?? 0) > line.quantity - (picked.returned.get(line.id) ?? 0),
      )
    : false;
  const chosen = picked
    ? Object.entries(quantities)
        .filter(([, quantity]) => quantity > 0)
        .map(([id, quantity]) => ({ id, quantity }))
    : [];
  const money = (minorUnits: number, currency: string) => formatMoney(minorUnits, currency);

  const submit = async () => {
    if (!picked || chosen.length === 0 || overLimit || busy) return;
    setError(null);
    setBusy(true);
    try {
      const receipt = buildReturnReceipt({
        original: picked.sale,
        returnedBefore: picked.returned,
        lines: chosen,
        staff: staff.id,
        offline: !engine.getState().online,
        newId: () => crypto.randomUUID(),
      });
      const fact = await engine.recordFact({ id: crypto.randomUUID(), type: 'sale', receipt });
      if (fact.type === 'sale') setDone({ fact, of: receiptNumber(picked.sale) });
      setPicked(null);
      setQuantities({});
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const shown = sales.filter(
    (s) =>
      !search ||
      s.sale.id.startsWith(search.trim()) ||
      receiptNumber(s.sale).startsWith(search.trim().toUpperCase()) ||
      (s.sale.receipt.card ?? '').includes(search.trim()),
  );
  return (
    <section ref={screen} className="panel returns" aria-label={t('register.returns.title')}>
      <h2>{t('register.returns.title')}</h2>
      <div className="returns-find">
        <form
          className="find-receipt"
          aria-label={t('register.returns.find')}
          onSubmit={(event) => {
            event.preventDefault();
            void find(number);
          }}
        >
          <label>
            <span>{t('register.returns.findNumber')}</span>
            <input
              ref={numberField}
              autoFocus
              value={number}
              onChange={(event) => setNumber(event.target.value)}
            />
          </label>
          <button type="submit">
            {t('register.returns.find')} <kbd>Enter</kbd>
          </button>
        </form>
        <h3>{t('register.returns.receipts')}</h3>
        <label>
          {t('register.returns.search')}
          <input value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <ul className="receipts" aria-label={t('register.returns.receipts')}>
          {shown.slice(0, 30).map((entry) => (
            <li key={entry.sale.id}>
              <button
                type="button"
                aria-pressed={picked?.sale.id === entry.sale.id}
                onClick={() => pick(entry)}
              >
                {t('register.returns.receipt', {
                  number: receiptNumber(entry.sale),
                  time: storeTime(entry.sale.deviceTime),
                  total: money(
                    parseAmount(entry.sale.receipt.total, entry.sale.receipt.currency),
                    entry.sale.receipt.currency,
                  ),
                  card: entry.sale.receipt.card ?? t('register.returns.noCard'),
                })}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {picked && (
        <form
          ref={linesForm}
          className="return-lines"
          aria-label={t('register.returns.lines')}
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <h3 data-testid="return-of">
            {t('register.returns.returnOf', { number: receiptNumber(picked.sale) })}
          </h3>
          {picked.sale.receipt.lines.map((line) => {
            const left = line.quantity - (picked.returned.get(line.id) ?? 0);
            const tooMany = (quantities[line.id] ?? 0) > left;
            return (
              <label key={line.id}>
                {tooMany && (
                  <span role="alert">
                    {t('register.returns.tooMany', { name: names(line.product), count: left })}
                  </span>
                )}
                {t('register.returns.line', { name: names(line.product), left })}
                <input
                  type="number"
                  min={0}
                  max={left}
                  disabled={left === 0}
                  value={quantities[line.id] ?? 0}
                  onChange={(event) =>
                    setQuantities({
                      ...quantities,
                      // Not clamped: a quantity beyond what is left is refused with a message.
                      [line.id]: Math.max(0, Math.trunc(Number(event.target.value)) || 0),
                    })
                  }
                />
              </label>
            );
          })}
          <p>
            {t('register.returns.refund', {
              amount: money(
                overLimit
                  ? 0
                  : refundOf({
                      original: picked.sale,
                      returnedBefore: picked.returned,
                      lines: chosen,
                    }),
                picked.sale.receipt.currency,
              ),
            })}
          </p>
          <ShortcutButton
            shortcut={RETURN_KEY}
            className="primary"
            disabled={busy || chosen.length === 0 || overLimit}
          >
            {t('register.returns.submit')}
          </ShortcutButton>
        </form>
      )}
      {done && (
        <div className="returns-done">
          <div className="receipt-view">
            <Receipt
              fact={done.fact}
              returnOf={done.of}
              store={setup.store}
              card={null}
              names={names}
              rewardName={(id) => setup.rewards.find((r) => r.id === id)?.name ?? id}
              onPrint={() => void printReceipt()}
            />
          </div>
          <ShortcutButton shortcut={ANOTHER_KEY} onClick={another}>
            {t('register.returns.another')}
          </ShortcutButton>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
