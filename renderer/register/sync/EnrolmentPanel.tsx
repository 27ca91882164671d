import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../common/errorText';
import type { SyncEngine } from './engine';
import type { SyncState } from './state';

/**
 * An unenrolled register: why the last code was refused (in the register's language, with what
 * to do next) and a field to type head office's code, so a new code does not need a new link.
 */
export function EnrolmentPanel({ engine, state }: { engine: SyncEngine; state: SyncState }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await engine.enrol({ code: code.trim() }, window.location.origin);
    } catch {
      // The engine keeps the reason in its state; the alert below shows it.
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel enrolment" aria-label={t('register.enrol.title')} onSubmit={submit}>
      <h2>{t('register.enrol.title')}</h2>
      {state.enrolmentError ? (
        <p role="alert" data-testid="enrolment-error">
          {errorText({ code: state.enrolmentError })}
        </p>
      ) : (
        <p>{t('register.sync.unenrolled')}</p>
      )}
      <label>
        {t('register.enrol.code')}
        <input
          autoFocus
          autoComplete="off"
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || code.trim().length < 4}>
        {t('register.enrol.submit')}
      </button>
    </form>
  );
}
