import { type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntry } from './entry';

/**
 * The one field a scanner types into (a keyboard wedge: the code, then Enter). Products, cards and
 * `3*` quantities all go through it; a refused code is cleared and its message stays below.
 */
export function ScanField({
  inputRef,
  onSubmit,
  onArrow,
  onEmptyEnter,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onSubmit: (code: string) => void;
  onArrow: (step: 1 | -1) => void;
  /** Enter with nothing typed (a scanner never sends that): the receipt's Next sale. */
  onEmptyEnter?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const { scan, setScan, message, quantity, setQuantity, say } = useEntry();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = scan;
    setScan('');
    if (code.trim()) onSubmit(code);
    else onEmptyEnter?.();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      setScan('');
      setQuantity(null);
      say(null);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      onArrow(event.key === 'ArrowUp' ? -1 : 1);
    }
  };
  return (
    <form className="scan" onSubmit={submit} aria-label={t('register.scan.form')}>
      <label>
        <span className="scan-label">
          {t('register.scan.label')} <kbd>F7</kbd>
        </span>
        <span className="scan-row">
          {quantity !== null && (
            <span className="scan-quantity" data-testid="pending-quantity">
              {quantity} ×
            </span>
          )}
          <input
            ref={inputRef}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={scan}
            placeholder={t('register.scan.placeholder')}
            aria-describedby="scan-message"
            aria-invalid={message?.tone === 'error' ? true : undefined}
            onChange={(event) => setScan(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="submit">{t('register.scan.add')}</button>
        </span>
      </label>
      <p
        id="scan-message"
        className={`scan-message ${message?.tone ?? ''}`}
        role={message?.tone === 'error' ? 'alert' : 'status'}
        aria-label={t('register.scan.message')}
      >
        {message ? message.text() : t('register.scan.hint')}
      </p>
    </form>
  );
}
