import { errorText } from '../../common/errorText';
import type { TFunction } from 'i18next';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../common/i18n';
import { fieldErrorsOf, type FieldError } from '../components/fieldErrors';
import { FormFields } from '../components/FormFields';
import { rows, type FieldSpec, type FormValues } from '../components/form';
import { useFirstItems, useIds } from '../components/useIds';
import { navigate } from '../routes';
import { api } from '../session';
import { api as contract, type SchemeDetail } from '../../../shared/protocol/api';
import { formBody } from '../components/formBody';
import { simulationInput, withProductDetails } from './simulatorInput';
import { basketOf, standingOf } from './pastSale';
import { SalePicker, type StoredSale } from './SalePicker';
import { SimulationResults, type Outcome } from './SimulationResults';

function fields(t: TFunction, products: string[], rewardPoints: string[]): FieldSpec[] {
  return [
    { kind: 'text', name: 'at', label: t('simulator.at'), hint: t('fields.instantHint') },
    { kind: 'text', name: 'currency', label: t('fields.currency') },
    {
      kind: 'rows',
      name: 'lines',
      label: t('simulator.basket'),
      errorPaths: ['sale.lines'],
      rowLabel: (i) => t('simulator.line', { n: i + 1 }),
      addLabel: t('simulator.addLine'),
      removeLabel: (i) => t('simulator.removeLine', { n: i + 1 }),
      newRow: () => ({ product: '', category: '', quantity: '1', netAmount: '' }),
      fields: [
        { kind: 'text', name: 'product', label: t('fields.product'), suggestions: products },
        { kind: 'text', name: 'category', label: t('fields.category') },
        { kind: 'text', name: 'quantity', label: t('simulator.quantity') },
        {
          kind: 'text',
          name: 'netAmount',
          label: t('simulator.netAmount'),
          hint: t('schemes.amountHint'),
        },
      ],
    },
    {
      kind: 'text',
      name: 'tier',
      label: t('fields.tier'),
      hint: t('fields.emptyNone'),
      errorPaths: ['card.tier'],
    },
    {
      kind: 'text',
      name: 'affiliations',
      label: t('fields.affiliations'),
      hint: t('fields.idListHint'),
      errorPaths: ['card.affiliations'],
    },
    {
      kind: 'rows',
      name: 'lots',
      label: t('simulator.lots'),
      errorPaths: ['card.lots'],
      rowLabel: (i) => t('simulator.lot', { n: i + 1 }),
      addLabel: t('simulator.addLot'),
      removeLabel: (i) => t('simulator.removeLot', { n: i + 1 }),
      newRow: () => ({
        rewardPoint: rewardPoints[0] ?? '',
        remaining: '',
        vestsAt: '',
        expiresAt: '',
      }),
      fields: [
        {
          kind: 'text',
          name: 'rewardPoint',
          label: t('fields.rewardPoint'),
          suggestions: rewardPoints,
        },
        { kind: 'text', name: 'remaining', label: t('simulator.remaining') },
        {
          kind: 'text',
          name: 'vestsAt',
          label: t('simulator.vestsAt'),
          hint: t('fields.emptyNone'),
        },
        {
          kind: 'text',
          name: 'expiresAt',
          label: t('simulator.expiresAt'),
          hint: t('fields.emptyNone'),
        },
      ],
    },
  ];
}

const nowText = () => `${new Date().toISOString().slice(0, 19)}Z`;

/** Version and detail of the picked scheme. */
function useScheme(id: string | null) {
  const [detail, setDetail] = useState<SchemeDetail | null>(null);
  useEffect(() => {
    setDetail(null);
    if (!id) return;
    api
      .route(contract.hq.schemes.get, { params: { id } })
      .then(setDetail)
      .catch(() => setDetail(null));
  }, [id]);
  return detail;
}

/**
 * The scheme simulator: a typed basket, or a past sale's, and a card standing under a picked
 * version of a scheme, next to what the scheme's active version gives for the same basket.
 */
export function Simulator({ scheme }: { scheme: string | null }) {
  const { t } = useTranslation();
  const titleId = useId();
  const errorId = useId();
  const schemes = useIds(contract.hq.schemes.list);
  const rewardPoints = useFirstItems(contract.hq.rewardPoints.list);
  const rewardPointIds = useMemo(() => rewardPoints.map((point) => point.id), [rewardPoints]);
  const products = useFirstItems(contract.hq.products.list);
  const detail = useScheme(scheme);
  const [version, setVersion] = useState<number | null>(null);
  const [values, setValues] = useState<FormValues>(() => ({
    at: nowText(),
    currency: 'USD',
    lines: [{ product: '', category: '', quantity: '1', netAmount: '' }],
    tier: '',
    affiliations: '',
    lots: [],
  }));
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [sale, setSale] = useState<StoredSale | null>(null);
  const stores = useFirstItems(contract.hq.stores.list);
  useEffect(() => {
    // Amounts are read in the currency of the scheme's first store (or of any store).
    const store = stores.find((s) => s.id === detail?.stores[0]) ?? stores[0];
    if (store) setValues((old) => ({ ...old, currency: store.currency }));
  }, [detail, stores]);
  const picked = version ?? detail?.version ?? null;
  const active = detail?.versions.find((v) => v.status === 'active')?.version ?? null;

  async function run(schemeVersion: number): Promise<Outcome> {
    const stored = await api.route(contract.hq.schemes.version, {
      params: { id: scheme ?? '', version: schemeVersion },
    });
    const simulate = contract.cards.simulate;
    const body = formBody(simulate, simulationInput(values, stored, rewardPoints));
    const output = await api.route(simulate, { body });
    return { version: schemeVersion, active: schemeVersion === active, output };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors([]);
    if (picked === null) return setError(t('simulator.pickScheme'));
    try {
      const versions = active !== null && active !== picked ? [picked, active] : [picked];
      setOutcomes(await Promise.all(versions.map(run)));
    } catch (caught) {
      setOutcomes(null);
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    }
  }

  /** The sale's lines become the basket, and its card's tier and affiliations the standing. */
  async function loadSale(chosen: StoredSale) {
    setOutcomes(null);
    setError(null);
    setFieldErrors([]);
    setSale(chosen);
    setValues((old) => ({ ...old, currency: chosen.currency, lines: basketOf(chosen) }));
    const standing = await standingOf(chosen.card);
    setValues((old) => ({ ...old, ...standing }));
  }
  const basket = rows(values, 'lines');
  // The till's record stands beside the results only while the basket is still the sale's.
  const recorded = sale && sale.lines.length === basket.length ? sale : null;

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('simulator.title')}</h2>
      <SalePicker onPick={(chosen) => void loadSale(chosen)} />
      <p role="status">
        {sale &&
          t('simulator.saleLoaded', {
            number: sale.receiptNumber,
            count: sale.lines.length,
            at: formatDateTime(sale.deviceTime),
          })}
      </p>
      <form onSubmit={submit} aria-labelledby={titleId} noValidate className="editor">
        <label>
          {t('simulator.scheme')}
          <select value={scheme ?? ''} onChange={(e) => navigate('simulator', e.target.value)}>
            <option value="">{t('simulator.pickScheme')}</option>
            {schemes.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('simulator.version')}
          <select value={picked ?? ''} onChange={(e) => setVersion(Number(e.target.value))}>
            {detail?.versions.map((v) => (
              <option key={v.version} value={v.version}>
                {t('simulator.versionOption', {
                  version: v.version,
                  status: t(`schemes.${v.status}`),
                })}
              </option>
            ))}
          </select>
        </label>
        <p>
          {active === null ? t('simulator.noActive') : t('simulator.activeIs', { version: active })}
        </p>
        <FormFields
          fields={fields(
            t,
            products.map((p) => p.id),
            rewardPointIds,
          )}
          values={values}
          onChange={(next) => setValues((old) => withProductDetails(old, next, products))}
          editing={false}
          errors={fieldErrors}
        />
        {error && (
          <p id={errorId} role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">{t('simulator.run')}</button>
      </form>
      {outcomes && <SimulationResults outcomes={outcomes} basket={basket} recorded={recorded} />}
    </section>
  );
}
