import { errorText } from '../../../common/errorText';
import type { TFunction } from 'i18next';
import { Fragment, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/i18n';
import type { FieldSpec } from '../../components/form';
import { ResourcePage, type ResourceConfig } from '../../components/ResourcePage';
import {
  api as contract,
  type SchemeDetail,
  type SchemeVersion,
} from '../../../../shared/protocol/api';
import { useIds, useTierIds } from '../../components/useIds';
import { hrefOf } from '../../routes';
import { api } from '../../session';
import { filterFields } from './common';
import {
  blankScheme,
  newEarningLine,
  newRedemptionLine,
  schemeBody,
  schemeToForm,
} from './schemeForm';

interface Known {
  rewardPoints: string[];
  tiers: string[];
  affiliations: string[];
  products: string[];
}

const ACTIVITIES = ['salesAmount', 'salesQuantity', 'transactionCount'];

function lineHeadFields(t: TFunction, known: Known): FieldSpec[] {
  return [
    { kind: 'text', name: 'id', label: t('fields.id') },
    {
      kind: 'text',
      name: 'tier',
      label: t('fields.tier'),
      hint: t('fields.emptyAny'),
      suggestions: known.tiers,
    },
    {
      kind: 'text',
      name: 'affiliation',
      label: t('fields.affiliation'),
      hint: t('fields.emptyAny'),
      suggestions: known.affiliations,
    },
  ];
}

function earningFields(t: TFunction, known: Known): FieldSpec[] {
  return [
    ...lineHeadFields(t, known),
    {
      kind: 'text',
      name: 'activity',
      label: t('schemes.activity'),
      hint: t('schemes.activityHint'),
      suggestions: ACTIVITIES,
    },
    ...filterFields(t, known.products),
    { kind: 'text', name: 'per', label: t('schemes.per'), hint: t('schemes.perHint') },
    {
      kind: 'text',
      name: 'rewardPoint',
      label: t('fields.rewardPoint'),
      suggestions: known.rewardPoints,
    },
    { kind: 'text', name: 'points', label: t('fields.points') },
  ];
}

function redemptionFields(t: TFunction, known: Known): FieldSpec[] {
  return [
    ...lineHeadFields(t, known),
    ...filterFields(t, known.products),
    {
      kind: 'text',
      name: 'rewardPoint',
      label: t('fields.rewardPoint'),
      suggestions: known.rewardPoints,
    },
    { kind: 'text', name: 'points', label: t('fields.points') },
    { kind: 'text', name: 'amount', label: t('schemes.amount'), hint: t('schemes.amountHint') },
    {
      kind: 'text',
      name: 'validFrom',
      label: t('fields.validFrom'),
      hint: t('fields.instantHint'),
    },
    { kind: 'text', name: 'validTo', label: t('fields.validTo'), hint: t('fields.instantHint') },
  ];
}

function schemeFields(t: TFunction, known: Known): FieldSpec[] {
  return [
    { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
    { kind: 'text', name: 'name', label: t('fields.name') },
    { kind: 'text', name: 'program', label: t('fields.program') },
    {
      kind: 'text',
      name: 'validFrom',
      label: t('fields.validFrom'),
      hint: t('fields.instantHint'),
    },
    { kind: 'text', name: 'validTo', label: t('fields.validTo'), hint: t('fields.instantHint') },
    { kind: 'text', name: 'stores', label: t('fields.stores'), hint: t('schemes.storesHint') },
    {
      kind: 'text',
      name: 'excludedAffiliations',
      label: t('schemes.excludedAffiliations'),
      hint: t('fields.idListHint'),
    },
    {
      kind: 'rows',
      name: 'earning',
      label: t('schemes.earning'),
      rowLabel: (i) => t('schemes.earningLine', { n: i + 1 }),
      addLabel: t('schemes.addEarningLine'),
      removeLabel: (i) => t('schemes.removeEarningLine', { n: i + 1 }),
      fields: earningFields(t, known),
      newRow: (count) => newEarningLine(count + 1),
    },
    {
      kind: 'rows',
      name: 'redemption',
      label: t('schemes.redemption'),
      rowLabel: (i) => t('schemes.redemptionLine', { n: i + 1 }),
      addLabel: t('schemes.addRedemptionLine'),
      removeLabel: (i) => t('schemes.removeRedemptionLine', { n: i + 1 }),
      fields: redemptionFields(t, known),
      newRow: (count) => newRedemptionLine(count + 1),
    },
  ];
}

/** Every stored version of a scheme, each with a button to make it the active one. */
function SchemeVersions({ scheme, onChange }: { scheme: SchemeVersion; onChange: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [detail, setDetail] = useState<SchemeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  // The version the user asked to activate, shown with what activating it changes.
  const [asking, setAsking] = useState<number | null>(null);

  useEffect(() => {
    api
      .route(contract.hq.schemes.get, { params: { id: scheme.id } })
      .then(setDetail)
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [scheme.id, scheme.version, refresh]);

  async function activate(version: number) {
    setAsking(null);
    setError(null);
    try {
      await api.route(contract.hq.schemes.activate, { params: { id: scheme.id, version } });
      setRefresh((n) => n + 1);
      onChange();
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{t('schemes.versionsOf', { id: scheme.id })}</h3>
      {error && <p role="alert">{error}</p>}
      <p>
        <a href={hrefOf('simulator', scheme.id)}>{t('schemes.simulate', { id: scheme.id })}</a>
      </p>
      <table aria-label={t('schemes.versionsOf', { id: scheme.id })}>
        <thead>
          <tr>
            <th scope="col">{t('schemes.version')}</th>
            <th scope="col">{t('fields.status')}</th>
            <th scope="col">{t('schemes.createdAt')}</th>
            <th scope="col">{t('schemes.activatedAt')}</th>
            <th scope="col">{t('resource.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {detail?.versions.map((version) => (
            <Fragment key={version.version}>
              <tr>
                <td>{version.version}</td>
                <td>{t(`schemes.${version.status}`)}</td>
                <td>{formatDateTime(version.createdAt)}</td>
                <td>{formatDateTime(version.activatedAt)}</td>
                <td>
                  {version.status !== 'active' && (
                    <button
                      type="button"
                      disabled={asking !== null}
                      onClick={() => setAsking(version.version)}
                    >
                      {t('schemes.activate', { version: version.version })}
                    </button>
                  )}
                </td>
              </tr>
              {asking === version.version && (
                <tr>
                  <td colSpan={5}>
                    <div
                      role="alertdialog"
                      className="confirm"
                      aria-label={t('confirm.title', {
                        action: t('schemes.activate', { version: asking }),
                      })}
                    >
                      <p>{activationQuestion(t, scheme.id, asking, detail)}</p>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => void activate(asking)}
                      >
                        {t('confirm.yes')}
                      </button>
                      <button type="button" className="secondary" onClick={() => setAsking(null)}>
                        {t('confirm.no')}
                      </button>
                    </div>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Names the scheme, the version and what activating it changes for the stores. */
function activationQuestion(t: TFunction, id: string, version: number, detail: SchemeDetail) {
  const active = detail.versions.find((v) => v.status === 'active');
  return active
    ? t('schemes.askActivateInstead', { id, version, active: active.version })
    : t('schemes.askActivate', { id, version });
}

/** Schemes: earning and redemption lines; saving makes a new draft version. */
export function Schemes() {
  const { t } = useTranslation();
  const known: Known = {
    rewardPoints: useIds(contract.hq.rewardPoints.list),
    tiers: useTierIds(),
    affiliations: useIds(contract.hq.affiliations.list),
    products: useIds(contract.hq.products.list),
  };
  const config: ResourceConfig<typeof contract.hq.schemes> = {
    title: t('schemes.title'),
    newLabel: t('schemes.new'),
    routes: contract.hq.schemes,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('schemes.latestVersion'), cell: (item) => item.version },
      { header: t('fields.status'), cell: (item) => t(`schemes.${item.status}`) },
      { header: t('schemes.earning'), cell: (item) => item.earning.length },
      { header: t('schemes.redemption'), cell: (item) => item.redemption.length },
    ],
    fields: schemeFields(t, known),
    blank: blankScheme,
    toForm: schemeToForm,
    toBody: schemeBody,
    editorExtra: (item, reload) => <SchemeVersions scheme={item} onChange={reload} />,
  };
  return <ResourcePage config={config} />;
}
