import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../common/api';
import { errorText } from '../../common/errorText';
import { ShortcutButton } from './ShortcutButton';

/**
 * What a submitted form is about to do: the question that names the card, the points and the
 * effect (null when the action changes nothing worth asking about), and the call itself, bound to
 * the values the question was asked with, so what the manager confirms is exactly what is sent.
 */
export interface PreparedAction {
  readonly question: string | null;
  readonly run: () => Promise<string>;
}

/**
 * One online action of a manager: a small form that asks before it changes a card, calls the
 * server once, and says plainly what happened.
 */
export function ConfirmedAction({
  title,
  shortcut,
  online,
  prepare,
  onDone,
  disabled = false,
  wide = false,
  children,
}: {
  title: string;
  /** Alt and this digit press its button (actionKeys.ts); the button shows it. */
  shortcut: number;
  online: boolean;
  /** Called once the action has ended, whatever the outcome, or its question was cancelled. */
  onDone: () => void;
  /** Reads the form and says what the action will do; throws a message for bad input. */
  prepare: () => Promise<PreparedAction>;
  disabled?: boolean;
  /** Takes a whole row of the screen: its fields or words need more than half of it. */
  wide?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState<PreparedAction | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // A question takes Enter on its Confirm at once.
  useEffect(() => {
    if (pending) confirmButton.current?.focus();
  }, [pending]);

  const report = (error: unknown) => {
    const text =
      error instanceof ApiError && error.status === 0
        ? t('register.manager.offline')
        : errorText(error);
    setMessage({ ok: false, text });
  };

  const run = async (action: PreparedAction) => {
    setPending(null);
    setBusy(true);
    try {
      setMessage({ ok: true, text: await action.run() });
    } catch (error) {
      report(error);
    } finally {
      setBusy(false);
      onDone();
    }
  };
  const cancel = () => {
    setPending(null);
    onDone();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setBusy(true);
    try {
      const action = await prepare();
      setBusy(false);
      if (action.question === null) await run(action);
      else setPending(action);
    } catch (error) {
      setBusy(false);
      report(error);
      onDone();
    }
  };

  return (
    <form className={wide ? 'action wide' : 'action'} aria-label={title} onSubmit={submit}>
      {/* The button says the same: the title is for those who hear the screen. */}
      <h3 className="visually-hidden">{title}</h3>
      {children && <div className="fields">{children}</div>}
      <ShortcutButton
        shortcut={shortcut}
        disabled={!online || busy || disabled || pending !== null}
      >
        {title}
      </ShortcutButton>
      {!online && <p className="hint">{t('register.manager.needsServer')}</p>}
      {pending?.question && (
        <div
          role="alertdialog"
          className="confirm"
          aria-label={t('register.manager.confirmTitle', { action: title })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancel();
          }}
        >
          <p>{pending.question}</p>
          <button
            ref={confirmButton}
            type="button"
            className="danger"
            onClick={() => void run(pending)}
          >
            {t('register.manager.confirm')}
          </button>
          <button type="button" className="secondary" onClick={cancel}>
            {t('register.manager.cancel')}
          </button>
        </div>
      )}
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </form>
  );
}
