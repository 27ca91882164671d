import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VOID_REASONS, type VoidReason } from '../../../shared/protocol/sync';
import type { StoreSetup } from '../setup/storeSetup';
import { verifyPinOffline } from '../session/pin';

/** The manager whose PIN this is, checked against the distributed hashes (works offline). */
async function managerOfPin(setup: StoreSetup, pin: string): Promise<string | null> {
  for (const member of setup.staff) {
    if (member.role === 'cashier') continue;
    if (await verifyPinOffline(pin, member.pinHash)) return member.id;
  }
  return null;
}

/**
 * Asks why a line or the whole sale is voided (keys 1 to 4 pick a reason, Enter confirms, Escape
 * goes back) and, above the store's limit, a manager's PIN.
 */
export function VoidDialog({
  title,
  setup,
  needsManager,
  onConfirm,
  onCancel,
}: {
  title: string;
  setup: StoreSetup;
  needsManager: boolean;
  onConfirm: (reason: VoidReason, approvedBy: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<VoidReason>(VOID_REASONS[0]);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pinField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    (needsManager ? pinField.current : dialog.current?.querySelector('button'))?.focus();
  }, [needsManager]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!needsManager) return onConfirm(reason, null);
    const manager = await managerOfPin(setup, pin);
    setPin('');
    if (!manager) return setError(t('register.void.wrongPin'));
    onConfirm(reason, manager);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      event.currentTarget.querySelector('form')?.requestSubmit();
      return;
    }
    const picked = VOID_REASONS[Number(event.key) - 1];
    if (picked && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      setReason(picked);
    }
  };
  return (
    <dialog
      ref={dialog}
      className="void-dialog"
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onKeyDown={onKeyDown}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2>{title}</h2>
        <fieldset>
          <legend>{t('register.void.reason')}</legend>
          {VOID_REASONS.map((value, i) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={reason === value}
              className={reason === value ? 'reason picked' : 'reason'}
              onClick={() => setReason(value)}
            >
              <kbd>{i + 1}</kbd> {t(`register.void.reasons.${value}`)}
            </button>
          ))}
        </fieldset>
        {needsManager && (
          <label>
            {t('register.void.managerPin')}
            <input
              ref={pinField}
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(event) => setPin(event.target.value)}
            />
          </label>
        )}
        {error && <p role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onCancel}>
            {t('register.void.back')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="danger">
            {t('register.void.confirm')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </dialog>
  );
}
