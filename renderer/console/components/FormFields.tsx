import { useId } from 'react';
import { errorsAt, errorsUnder, pathOf, type FieldError } from './fieldErrors';
import type { FieldSpec, FieldValue, FormValues } from './form';

interface FieldsProps {
  readonly fields: readonly FieldSpec[];
  readonly values: FormValues;
  readonly onChange: (values: FormValues) => void;
  readonly editing: boolean;
  /** The server's problems with the last submission, by body path (relative to these fields). */
  readonly errors?: readonly FieldError[];
}

const NO_ERRORS: readonly FieldError[] = [];

/** Renders field specs as labelled inputs; rows become fieldsets that can be added and removed. */
export function FormFields({ fields, values, onChange, editing, errors = NO_ERRORS }: FieldsProps) {
  const set = (name: string, value: FieldValue) => onChange({ ...values, [name]: value });
  return (
    <>
      {fields.map((field) => (
        <Field
          key={field.name}
          field={field}
          value={values[field.name]}
          onChange={(value) => set(field.name, value)}
          editing={editing}
          errors={errors}
        />
      ))}
    </>
  );
}

interface FieldProps {
  readonly field: FieldSpec;
  readonly value: FieldValue | undefined;
  readonly onChange: (value: FieldValue) => void;
  readonly editing: boolean;
  readonly errors: readonly FieldError[];
}

/** The ids an input is described by: its hint and, after a refused save, its error. */
function useDescription(field: FieldSpec, errors: readonly FieldError[]) {
  const id = useId();
  const own = field.kind === 'rows' ? [] : errorsAt(errors, field.errorPaths ?? [field.name]);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const errorId = own.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const hint = field.hint && (
    <small id={hintId} className="hint">
      {field.hint}
    </small>
  );
  const error = errorId && (
    <small id={errorId} className="field-error">
      {own.map((e) => e.message).join('; ')}
    </small>
  );
  const aria = {
    'aria-describedby': describedBy,
    'aria-invalid': errorId ? (true as const) : undefined,
  };
  return { id, hint, error, aria };
}

function Field({ field, value, onChange, editing, errors }: FieldProps) {
  const { id, hint, error, aria } = useDescription(field, errors);
  switch (field.kind) {
    case 'checkbox':
      return (
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
              {...aria}
            />
            {field.label}
          </label>
          {error}
          {hint}
        </div>
      );
    case 'select':
      return (
        <div className="field">
          {/* Beside, not around: a wrapped select would add its option to the label's name. */}
          <label htmlFor={id}>{field.label}</label>
          <select
            id={id}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
            {...aria}
          >
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {error}
          {hint}
        </div>
      );
    case 'rows':
      return (
        <RowsField
          field={field}
          rows={Array.isArray(value) ? value : []}
          onChange={onChange}
          editing={editing}
          errors={errorsUnder(errors, pathOf(field.errorPaths?.[0] ?? field.name))}
        />
      );
    default:
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <input
            id={id}
            type={field.type ?? 'text'}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
            readOnly={editing && field.lockedWhenEditing}
            list={field.suggestions ? `${id}-list` : undefined}
            {...aria}
            autoComplete={field.type === 'password' ? 'new-password' : 'off'}
          />
          {field.suggestions && (
            <datalist id={`${id}-list`}>
              {field.suggestions.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          )}
          {error}
          {hint}
        </div>
      );
  }
}

type RowsSpec = Extract<FieldSpec, { kind: 'rows' }>;

/** Problems with a whole list or a whole row (too few rows, say), shown under its legend. */
function GroupError({ id, errors }: { id: string; errors: readonly FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <small id={id} className="field-error">
      {errors.map((e) => e.message).join('; ')}
    </small>
  );
}

function RowsField({
  field,
  rows,
  onChange,
  editing,
  errors,
}: {
  field: RowsSpec;
  rows: FormValues[];
  onChange: (rows: FormValues[]) => void;
  editing: boolean;
  /** Relative to the list: ["0", "id"] is the id of its first row. */
  errors: readonly FieldError[];
}) {
  const id = useId();
  const replace = (index: number, row: FormValues) =>
    onChange(rows.map((old, i) => (i === index ? row : old)));
  const listErrors = errors.filter((e) => e.path.length === 0);
  return (
    <fieldset className="rows" aria-describedby={listErrors.length > 0 ? `${id}-error` : undefined}>
      <legend>{field.label}</legend>
      <GroupError id={`${id}-error`} errors={listErrors} />
      {field.hint && <small className="hint">{field.hint}</small>}
      {rows.map((row, index) => {
        const rowErrors = errorsUnder(errors, [String(index)]);
        const whole = rowErrors.filter((e) => e.path.length === 0);
        const rowErrorId = `${id}-row${index}-error`;
        return (
          <fieldset
            key={index}
            className="row"
            aria-describedby={whole.length > 0 ? rowErrorId : undefined}
          >
            <legend>{field.rowLabel(index)}</legend>
            <GroupError id={rowErrorId} errors={whole} />
            <FormFields
              fields={field.fields}
              values={row}
              onChange={(next) => replace(index, next)}
              editing={editing}
              errors={rowErrors}
            />
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              {field.removeLabel(index)}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...rows, field.newRow(rows.length)])}
      >
        {field.addLabel}
      </button>
    </fieldset>
  );
}
