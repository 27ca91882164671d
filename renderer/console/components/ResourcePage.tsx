import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerOf, ParamsIn, RouteContract } from '../../../shared/protocol/api';
import { api } from '../session';
import { fieldErrorsOf, type FieldError } from './fieldErrors';
import { FormFields } from './FormFields';
import type { FieldSpec, FormValues } from './form';

export interface Column<T> {
  readonly header: string;
  readonly cell: (item: T) => ReactNode;
}

/**
 * A resource's routes in the contract: `list` answers a page `{ items, next }`, `create` and
 * `update` answer the saved item.
 */
export interface ResourceRoutes {
  readonly list: RouteContract;
  readonly create: RouteContract;
  readonly update: RouteContract;
}

/** One item of a resource, as its list's reply schema types it. */
export type ItemOf<R extends ResourceRoutes> =
  AnswerOf<R['list']> extends { items: readonly (infer Item)[] } ? Item : never;

/** One head office resource: how to list it, show it in a table and edit it in a form. */
export interface ResourceConfig<R extends ResourceRoutes, T = ItemOf<R>> {
  readonly title: string;
  /** The "new" button and form heading: "New reward point". */
  readonly newLabel: string;
  readonly routes: R;
  /** The path parameters of the list and of a create (a store's registers); most take none. */
  readonly params?: ParamsIn<R['list']>;
  /** The path parameters that name a saved item; `{ id: key(item) }` unless stated. */
  readonly itemParams?: (item: T) => ParamsIn<R['update']>;
  readonly key: (item: T) => string;
  readonly columns: readonly Column<T>[];
  readonly fields: readonly FieldSpec[];
  readonly blank: () => FormValues;
  readonly toForm: (item: T) => FormValues;
  /**
   * The body of a create or an update. Not typed by the route's body schema on purpose: the form
   * sends what a person typed, and the server's refusal names the field (form.ts).
   */
  readonly toBody: (values: FormValues, editing: boolean) => unknown;
  /** More buttons on each row (enrolment code, revoke...). */
  readonly rowActions?: (item: T, reload: () => void) => ReactNode;
  /** Shown under the form while a saved item is open (a scheme's versions...). */
  readonly editorExtra?: (item: T, reload: () => void) => ReactNode;
}

interface Page<T> {
  items: T[];
  next: string | null;
}

const PAGE_SIZE = 100;

/**
 * Calls one of a resource's routes. The client validates the reply with the route's schema; the
 * cast only names what that schema answers, which TypeScript cannot follow through a generic entry.
 */
const callRoute = <Answer,>(entry: RouteContract, input: object): Promise<Answer> =>
  api.route(entry, input as never) as Promise<Answer>;

function useList<T>(list: RouteContract, params: unknown) {
  // The parameters as text, so a new object with the same values does not reload the list.
  const paramsKey = JSON.stringify(params ?? null);
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const pathParams = JSON.parse(paramsKey) as unknown;
        const page = await callRoute<Page<T>>(list, {
          ...(pathParams === null ? {} : { params: pathParams }),
          query: { limit: PAGE_SIZE, ...(after ? { after } : {}) },
        });
        setItems((old) => (after ? [...old, ...page.items] : page.items));
        setNext(page.next);
        setError(null);
      } catch (caught) {
        setError(errorText(caught));
      }
    },
    [list, paramsKey],
  );
  useEffect(() => void load(null), [load]);
  return { items, next, error, reload: () => void load(null), more: () => void load(next) };
}

/** A list of one resource with an editor for a new or a saved item; the server validates. */
export function ResourcePage<R extends ResourceRoutes, T = ItemOf<R>>({
  config,
}: {
  config: ResourceConfig<R, T>;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const list = useList<T>(config.routes.list, config.params);
  const [open, setOpen] = useState<{ item: T | null; values: FormValues } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const startNew = () => {
    setSaved(null);
    setOpen({ item: null, values: config.blank() });
  };
  const startEdit = (item: T) => {
    setSaved(null);
    setOpen({ item, values: config.toForm(item) });
  };

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{config.title}</h2>
      {list.error && <p role="alert">{list.error}</p>}
      {saved && <p role="status">{t('resource.saved', { id: saved })}</p>}
      <button type="button" onClick={startNew}>
        {config.newLabel}
      </button>
      <table aria-label={config.title}>
        <thead>
          <tr>
            {config.columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
            <th scope="col">{t('resource.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((item) => (
            <tr key={config.key(item)}>
              {config.columns.map((column) => (
                <td key={column.header}>{column.cell(item)}</td>
              ))}
              <td className="actions">
                <button type="button" className="secondary" onClick={() => startEdit(item)}>
                  {t('resource.edit', { id: config.key(item) })}
                </button>
                {config.rowActions?.(item, list.reload)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.next && (
        <button type="button" className="secondary" onClick={list.more}>
          {t('resource.more')}
        </button>
      )}
      {open && (
        <Editor
          key={open.item ? config.key(open.item) : 'new'}
          config={config}
          item={open.item}
          values={open.values}
          onCancel={() => setOpen(null)}
          onSaved={(item) => {
            setSaved(config.key(item));
            setOpen({ item, values: config.toForm(item) });
            list.reload();
          }}
          reload={list.reload}
        />
      )}
    </section>
  );
}

interface EditorProps<R extends ResourceRoutes, T> {
  readonly config: ResourceConfig<R, T>;
  readonly item: T | null;
  readonly values: FormValues;
  readonly onCancel: () => void;
  readonly onSaved: (item: T) => void;
  readonly reload: () => void;
}

function Editor<R extends ResourceRoutes, T>({
  config,
  item,
  values: initial,
  onCancel,
  onSaved,
  reload,
}: EditorProps<R, T>) {
  const { t } = useTranslation();
  const headingId = useId();
  const errorId = useId();
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const editing = item !== null;
  const key = item === null ? null : config.key(item);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      const body = config.toBody(values, editing);
      const result =
        item === null || key === null
          ? await callRoute<T>(config.routes.create, {
              ...(config.params === undefined ? {} : { params: config.params }),
              body,
            })
          : await callRoute<T>(config.routes.update, {
              params: config.itemParams ? config.itemParams(item) : { id: key },
              body,
            });
      onSaved(result);
    } catch (caught) {
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form
        className="editor"
        onSubmit={submit}
        aria-labelledby={headingId}
        aria-describedby={error ? errorId : undefined}
        noValidate
      >
        <h3 id={headingId}>{key === null ? config.newLabel : t('resource.edit', { id: key })}</h3>
        <FormFields
          fields={config.fields}
          values={values}
          onChange={setValues}
          editing={editing}
          errors={fieldErrors}
        />
        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <div className="buttons">
          <button type="submit" disabled={busy}>
            {t('resource.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('resource.close')}
          </button>
        </div>
      </form>
      {item !== null && config.editorExtra?.(item, reload)}
    </>
  );
}
