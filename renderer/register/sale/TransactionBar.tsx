import { useTranslation } from 'react-i18next';

/** The basket's own actions under it, each with its key: void line or sale, suspend, recall. */
export function TransactionBar({
  showingReceipt,
  hasBasket,
  hasLine,
  suspendedCount,
  onVoidLine,
  onVoidSale,
  onSuspend,
  onRecall,
  onNext,
}: {
  showingReceipt: boolean;
  hasBasket: boolean;
  hasLine: boolean;
  suspendedCount: number;
  onVoidLine: () => void;
  onVoidSale: () => void;
  onSuspend: () => void;
  onRecall: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="transaction-bar" role="toolbar" aria-label={t('register.sale.actions')}>
      {showingReceipt ? (
        <button type="button" className="primary" onClick={onNext}>
          {t('register.sale.next')} <kbd>Enter</kbd>
        </button>
      ) : (
        <>
          <button type="button" className="secondary" disabled={!hasLine} onClick={onVoidLine}>
            {t('register.basket.voidLine')} <kbd>F4</kbd>
          </button>
          <button type="button" className="secondary" disabled={!hasBasket} onClick={onVoidSale}>
            {t('register.void.voidSale')} <kbd>⇧F4</kbd>
          </button>
          <button type="button" className="secondary" disabled={!hasBasket} onClick={onSuspend}>
            {t('register.suspend.suspend')} <kbd>F11</kbd>
          </button>
        </>
      )}
      <button
        type="button"
        className="secondary"
        disabled={suspendedCount === 0}
        onClick={onRecall}
      >
        {t('register.suspend.recall', { count: suspendedCount })} <kbd>⇧F11</kbd>
      </button>
    </div>
  );
}
