/**
 * The console's form model: every input holds text (or a tick), and a resource page turns the
 * values into the request body. Numbers a person typed wrongly are sent as typed, so the server's
 * validation names the field in its answer rather than the form guessing.
 */
export type FieldValue = string | boolean | FormValues[];
export interface FormValues {
  [name: string]: FieldValue;
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

interface BaseField {
  readonly name: string;
  readonly label: string;
  /** Shown under the input: the expected format, say. */
  readonly hint?: string;
  /**
   * The request body paths whose errors the field shows (dotted, relative to its row): its name
   * unless the body calls it otherwise. A rows field reads its rows under the first path.
   */
  readonly errorPaths?: readonly string[];
}

export type FieldSpec =
  | (BaseField & {
      readonly kind: 'text';
      readonly type?: 'text' | 'email' | 'password' | 'tel';
      /** Known ids to suggest; any text may still be typed (the server checks references). */
      readonly suggestions?: readonly string[];
      /** The id of a saved row cannot change. */
      readonly lockedWhenEditing?: boolean;
    })
  | (BaseField & { readonly kind: 'checkbox' })
  | (BaseField & { readonly kind: 'select'; readonly options: readonly Option[] })
  | (BaseField & {
      readonly kind: 'rows';
      /** The name of one row, e.g. "Tier 2". */
      readonly rowLabel: (index: number) => string;
      readonly addLabel: string;
      readonly removeLabel: (index: number) => string;
      readonly fields: readonly FieldSpec[];
      /** A new row, given how many there are already. */
      readonly newRow: (count: number) => FormValues;
    });

export const str = (values: FormValues, name: string): string => {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : '';
};

export const bool = (values: FormValues, name: string): boolean => values[name] === true;

export const rows = (values: FormValues, name: string): FormValues[] => {
  const value = values[name];
  return Array.isArray(value) ? value : [];
};

/** Empty text is null (none); anything else as typed. */
export const optStr = (values: FormValues, name: string): string | null =>
  str(values, name) || null;

/** A whole number when the text is one; otherwise the text itself, for the server to refuse. */
export function int(values: FormValues, name: string): number | string {
  const text = str(values, name);
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** Empty text is null (none); otherwise as `int`. */
export const optInt = (values: FormValues, name: string): number | string | null =>
  str(values, name) === '' ? null : int(values, name);

/** A comma separated list of ids. */
export const idList = (values: FormValues, name: string): string[] =>
  str(values, name)
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');

export const joinIds = (ids: readonly string[] | null | undefined): string =>
  (ids ?? []).join(', ');

export const textOf = (value: string | number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

export interface PeriodWire {
  value: number;
  unit: 'day' | 'month' | 'year';
}

/** A period as two inputs, `<name>Value` and `<name>Unit`; an empty value is none. */
export function period(values: FormValues, name: string): PeriodWire | null {
  if (str(values, `${name}Value`) === '') return null;
  return {
    value: int(values, `${name}Value`) as number,
    unit: (str(values, `${name}Unit`) || 'day') as PeriodWire['unit'],
  };
}

export const periodForm = (name: string, value: PeriodWire | null | undefined): FormValues => ({
  [`${name}Value`]: textOf(value?.value),
  [`${name}Unit`]: value?.unit ?? 'day',
});

export type FilterWire = { category: string } | { product: string } | null;

/** A sale line filter as a kind (none, category, product) and an id. */
export function filter(values: FormValues): FilterWire {
  const kind = str(values, 'filterKind');
  const id = str(values, 'filterId');
  if (kind === 'category') return { category: id };
  if (kind === 'product') return { product: id };
  return null;
}

export function filterForm(value: FilterWire | undefined): FormValues {
  if (value && 'category' in value) return { filterKind: 'category', filterId: value.category };
  if (value && 'product' in value) return { filterKind: 'product', filterId: value.product };
  return { filterKind: '', filterId: '' };
}
