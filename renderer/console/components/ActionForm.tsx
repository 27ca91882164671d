import { errorText } from '../../common/errorText';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
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
  children,
}: ActionFormProps) {
  const headingId = useId();
  const errorId = useId();
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      await onSubmit(values);
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
        onChange={setValues}
        editing={false}
        errors={fieldErrors}
      />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
