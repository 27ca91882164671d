import { errorText } from '../../common/errorText';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorsAt, fieldErrorsOf } from '../components/fieldErrors';
import { api as contract } from '../../../shared/protocol/api';
import { api } from '../session';

interface Schedule {
  cron: string;
  enabled: boolean;
}

/** Edits a job's cron and whether it runs on schedule; the server's refusal shows by the field. */
export function JobSchedule({
  job,
  schedule,
  onSaved,
}: {
  job: string;
  schedule: Schedule;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const errorId = useId();
  const hintId = useId();
  const [cron, setCron] = useState(schedule.cron);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [error, setError] = useState<string | null>(null);
  /** Which inputs the server's refusal names; a refusal naming none is the cron's. */
  const [invalid, setInvalid] = useState({ cron: false, enabled: false });
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setInvalid({ cron: false, enabled: false });
    setSaved(false);
    try {
      await api.route(contract.jobs.schedule, { params: { name: job }, body: { cron, enabled } });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(errorText(caught));
      const errors = fieldErrorsOf(caught);
      const enabledWrong = errorsAt(errors, ['enabled']).length > 0;
      setInvalid({
        cron: errorsAt(errors, ['cron']).length > 0 || !enabledWrong,
        enabled: enabledWrong,
      });
    }
  }

  return (
    <form
      className="schedule"
      onSubmit={submit}
      aria-label={t('jobs.editSchedule', { job })}
      noValidate
    >
      <label>
        {t('jobs.cron', { job })}
        <input
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          aria-invalid={invalid.cron || undefined}
          aria-describedby={invalid.cron ? `${errorId} ${hintId}` : hintId}
          autoComplete="off"
        />
      </label>
      <small id={hintId} className="hint">
        {t('jobs.cronHint')}
      </small>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          aria-invalid={invalid.enabled || undefined}
          aria-describedby={invalid.enabled ? errorId : undefined}
        />
        {t('jobs.runsOnSchedule', { job })}
      </label>
      <button type="submit">{t('jobs.saveSchedule', { job })}</button>
      {saved && <p role="status">{t('jobs.scheduleSaved', { job })}</p>}
    </form>
  );
}
