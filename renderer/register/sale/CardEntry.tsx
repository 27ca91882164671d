import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';

/**
 * Card number entry: typed or scanned (a scanner types the digits and Enter). The check digit
 * refuses a typo before anything is looked up.
 */
export function CardEntry({
  inputRef,
  onCard,
  disabled,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onCard: (number: string) => Promise<string | null>;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    const checked = checkCardNumber(text);
    if (!checked.ok) {
      setError(
        checked.problem === 'checkDigit' ? t('register.card.typo') : t('register.card.format'),
      );
      return;
    }
    const refused = await onCard(checked.number);
    setError(refused);
    if (!refused) setText('');
  };
  return (
    <form className="entry" onSubmit={submit} aria-label={t('register.card.entry')}>
      <label>
        {t('register.card.number')} <kbd>F6</kbd>
        <input
          ref={inputRef}
          inputMode="numeric"
          autoComplete="off"
          value={text}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'card-error' : undefined}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <button type="submit" disabled={disabled}>
        {t('register.card.find')}
      </button>
      {error && (
        <p id="card-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
