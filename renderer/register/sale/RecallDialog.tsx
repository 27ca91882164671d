import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../common/i18n';
import type { SuspendedRow } from '../localdb/schema';
import { useStoreTime } from '../storeTime';

/** The baskets put aside, with time and total: a number key or a tap takes one up. */
export function RecallDialog({
  baskets,
  currency,
  onRecall,
  onCancel,
}: {
  baskets: readonly SuspendedRow[];
  currency: string;
  onRecall: (saleId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLButtonElement>('li button')?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    const picked = baskets[Number(event.key) - 1];
    if (!picked) return;
    event.preventDefault();
    onRecall(picked.saleId);
  };
  return (
    <dialog
      ref={dialog}
      className="recall-dialog"
      aria-label={t('register.suspend.title')}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onKeyDown={onKeyDown}
    >
      <h2>{t('register.suspend.title')}</h2>
      <ul aria-label={t('register.suspend.list')}>
        {baskets.slice(0, 9).map((row, i) => (
          <li key={row.saleId}>
            <button type="button" onClick={() => onRecall(row.saleId)}>
              <kbd>{i + 1}</kbd>{' '}
              {t('register.suspend.row', {
                time: storeTime(row.savedAt),
                total: formatMoney(row.total, currency),
                count: row.lineCount,
                staff: row.staff,
              })}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('register.void.back')} <kbd>Esc</kbd>
        </button>
      </div>
    </dialog>
  );
}
