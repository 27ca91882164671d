import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Card number entry for a number read off the card by hand (F6); a scanned card needs no field:
 * the scan goes to the card by its shape. The field is cleared after every try, so the next
 * number is never glued to a refused one; the refusal shows in the sale's message line.
 */
export function CardEntry({
  inputRef,
  onCard,
  disabled,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onCard: (text: string) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    setText('');
    if (typed) onCard(typed);
  };
  return (
    <form className="card-entry" onSubmit={submit} aria-label={t('register.card.entry')}>
      <span className="scan-row">
        <input
          ref={inputRef}
          aria-label={t('register.card.number')}
          inputMode="numeric"
          autoComplete="off"
          value={text}
          disabled={disabled}
          placeholder={t('register.card.placeholder')}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="secondary" disabled={disabled}>
          {t('register.card.find')} <kbd>F6</kbd>
        </button>
      </span>
    </form>
  );
}
