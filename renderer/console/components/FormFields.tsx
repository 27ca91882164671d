import { useId } from 'react';
import type { FieldSpec, FieldValue, FormValues } from './form';

interface FieldsProps {
  readonly fields: readonly FieldSpec[];
  readonly values: FormValues;
  readonly onChange: (values: FormValues) => void;
  readonly editing: boolean;
}

/** Renders field specs as labelled inputs; rows become fieldsets that can be added and removed. */
export function FormFields({ fields, values, onChange, editing }: FieldsProps) {
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
}

function Field({ field, value, onChange, editing }: FieldProps) {
  const id = useId();
  const hintId = field.hint ? `${id}-hint` : undefined;
  const hint = field.hint && (
    <small id={hintId} className="hint">
      {field.hint}
    </small>
  );
  switch (field.kind) {
    case 'checkbox':
      return (
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
              aria-describedby={hintId}
            />
            {field.label}
          </label>
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
            aria-describedby={hintId}
          >
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
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
            aria-describedby={hintId}
            autoComplete={field.type === 'password' ? 'new-password' : 'off'}
          />
          {field.suggestions && (
            <datalist id={`${id}-list`}>
              {field.suggestions.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          )}
          {hint}
        </div>
      );
  }
}

type RowsSpec = Extract<FieldSpec, { kind: 'rows' }>;

function RowsField({
  field,
  rows,
  onChange,
  editing,
}: {
  field: RowsSpec;
  rows: FormValues[];
  onChange: (rows: FormValues[]) => void;
  editing: boolean;
}) {
  const replace = (index: number, row: FormValues) =>
    onChange(rows.map((old, i) => (i === index ? row : old)));
  return (
    <fieldset className="rows">
      <legend>{field.label}</legend>
      {field.hint && <small className="hint">{field.hint}</small>}
      {rows.map((row, index) => (
        <fieldset key={index} className="row">
          <legend>{field.rowLabel(index)}</legend>
          <FormFields
            fields={field.fields}
            values={row}
            onChange={(next) => replace(index, next)}
            editing={editing}
          />
          <button
            type="button"
            className="secondary"
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            {field.removeLabel(index)}
          </button>
        </fieldset>
      ))}
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
