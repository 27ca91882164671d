import { errorText } from '../../common/errorText';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, type FieldError } from './fieldErrors';
import { FormFields } from './FormFields';
import type { FieldSpec, FormValues } from './form';

interface ActionFormProps {
  readonly title: string;
  readonly fields: readonly FieldSpec[];
  readonly initial: FormValues;
  readonly submitLabel: string;
  /** Does the action; its error message (the server's, naming the field) is shown beside the form. */
  readonly onSubmit: (values: FormValues) => Promise<void>;
  /** Clear the inputs after the action succeeded. */
  readonly resetAfter?: boolean;
  /**
   * Asks before the action: the question that names what it changes, or null to go ahead (input
   * the question cannot read goes straight to the server, whose answer names the field).
   */
  readonly confirm?: (values: FormValues) => string | null;
  readonly children?: ReactNode;
}

/** A small titled form for one action (search, adjust, transfer...), with its error in an alert. */
export function ActionForm({
  title,
  fields,
  initial,
  submitLabel,
  onSubmit,
  resetAfter,
  confirm,
  children,
}: ActionFormProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const errorId = useId();
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  // The values the manager is asked about; confirming sends exactly these.
  const [asking, setAsking] = useState<{ question: string; values: FormValues } | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const question = confirm?.(values) ?? null;
    if (question === null) void send(values);
    else setAsking({ question, values });
  }

  async function send(sent: FormValues) {
    setAsking(null);
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      await onSubmit(sent);
      if (resetAfter) setValues(initial);
    } catch (caught) {
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="action"
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={error ? errorId : undefined}
      noValidate
    >
      <h3 id={headingId}>{title}</h3>
      {children}
      <FormFields
        fields={fields}
        values={values}
        onChange={(changed) => {
          setValues(changed);
          setAsking(null);
        }}
        editing={false}
        errors={fieldErrors}
      />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || asking !== null}>
        {submitLabel}
      </button>
      {asking && (
        <div
          role="alertdialog"
          className="confirm"
          aria-label={t('confirm.title', { action: title })}
        >
          <p>{asking.question}</p>
          <button type="button" className="danger" onClick={() => void send(asking.values)}>
            {t('confirm.yes')}
          </button>
          <button type="button" className="secondary" onClick={() => setAsking(null)}>
            {t('confirm.no')}
          </button>
        </div>
      )}
    </form>
  );
}
