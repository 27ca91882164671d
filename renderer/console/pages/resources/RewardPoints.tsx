import { useTranslation } from 'react-i18next';
import type { FormValues } from '../../components/form';
import { bool, optInt, optStr, period, periodForm, str, textOf, int } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { periodFields, yesNo } from './common';

type RewardPoint = ItemOf<typeof contract.hq.rewardPoints>;

const toForm = (item: RewardPoint): FormValues => ({
  id: item.id,
  name: item.name ?? '',
  type: item.type,
  currency: item.currency ?? '',
  redeemable: item.redeemable,
  redeemRanking: textOf(item.redeemRanking),
  redemptionThreshold: textOf(item.redemptionThreshold),
  maxPerCard: textOf(item.maxPerCard),
  ...periodForm('expiry', item.expiry),
  expiryCalculation: item.expiryCalculation,
  ...periodForm('vesting', item.vesting),
  expiryWarningDays: textOf(item.expiryWarningDays ?? null),
});

const toBody = (values: FormValues) => ({
  id: str(values, 'id'),
  ...(str(values, 'name') ? { name: str(values, 'name') } : {}),
  type: str(values, 'type'),
  ...(optStr(values, 'currency') ? { currency: str(values, 'currency') } : {}),
  redeemable: bool(values, 'redeemable'),
  redeemRanking: int(values, 'redeemRanking'),
  redemptionThreshold: optInt(values, 'redemptionThreshold'),
  maxPerCard: optInt(values, 'maxPerCard'),
  expiry: period(values, 'expiry'),
  expiryCalculation: str(values, 'expiryCalculation'),
  vesting: period(values, 'vesting'),
  expiryWarningDays: optInt(values, 'expiryWarningDays'),
});

/** Reward points: type, redemption, expiry, vesting and cap. */
export function RewardPoints() {
  const { t } = useTranslation();
  const config: ResourceConfig<typeof contract.hq.rewardPoints> = {
    title: t('rewardPoints.title'),
    newLabel: t('rewardPoints.new'),
    routes: contract.hq.rewardPoints,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('rewardPoints.type'), cell: (item) => t(`rewardPoints.${item.type}`) },
      { header: t('rewardPoints.redeemable'), cell: (item) => yesNo(t, item.redeemable) },
      {
        header: t('rewardPoints.expiry'),
        cell: (item) =>
          item.expiry
            ? `${item.expiry.value} ${t(`fields.${item.expiry.unit}s`)}`
            : t('rewardPoints.never'),
      },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'select',
        name: 'type',
        label: t('rewardPoints.type'),
        options: [
          { value: 'quantity', label: t('rewardPoints.quantity') },
          { value: 'amount', label: t('rewardPoints.amount') },
        ],
      },
      {
        kind: 'text',
        name: 'currency',
        label: t('fields.currency'),
        hint: t('rewardPoints.currencyHint'),
      },
      { kind: 'checkbox', name: 'redeemable', label: t('rewardPoints.redeemable') },
      { kind: 'text', name: 'redeemRanking', label: t('rewardPoints.redeemRanking') },
      {
        kind: 'text',
        name: 'redemptionThreshold',
        label: t('rewardPoints.threshold'),
        hint: t('fields.emptyNone'),
      },
      {
        kind: 'text',
        name: 'maxPerCard',
        label: t('rewardPoints.maxPerCard'),
        hint: t('fields.emptyNone'),
      },
      ...periodFields(t, 'expiry', t('rewardPoints.expiry'), t('rewardPoints.emptyNever')),
      {
        kind: 'select',
        name: 'expiryCalculation',
        label: t('rewardPoints.expiryCalculation'),
        options: [
          { value: 'static', label: t('rewardPoints.static') },
          { value: 'dynamic', label: t('rewardPoints.dynamic') },
        ],
      },
      ...periodFields(t, 'vesting', t('rewardPoints.vesting'), t('fields.emptyNone')),
      {
        kind: 'text',
        name: 'expiryWarningDays',
        label: t('rewardPoints.expiryWarningDays'),
        hint: t('rewardPoints.expiryWarningDaysHint'),
      },
    ],
    blank: () =>
      toForm({
        id: '',
        type: 'quantity',
        redeemable: true,
        redeemRanking: 1,
        redemptionThreshold: null,
        maxPerCard: null,
        expiry: null,
        expiryCalculation: 'static',
        vesting: null,
      }),
    toForm,
    toBody,
  };
  return <ResourcePage config={config} />;
}
