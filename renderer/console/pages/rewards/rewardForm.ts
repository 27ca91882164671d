import type { TFunction } from 'i18next';
import type { DistributedReward, RewardBenefit } from '../../../../shared/domain/loyalty';
import {
  bool,
  filter,
  filterForm,
  int,
  optStr,
  str,
  textOf,
  type FieldSpec,
  type FormValues,
} from '../../components/form';
import { filterFields } from '../resources/common';

export type BenefitKind = RewardBenefit['kind'];
export const BENEFIT_KINDS: readonly BenefitKind[] = ['freeProduct', 'amountOff', 'percentOff'];

/** A reward as the form holds it: text in every input, the benefit's parts side by side. */
export function rewardForm(item: DistributedReward | null): FormValues {
  const benefit = item?.benefit ?? null;
  return {
    id: item?.id ?? '',
    name: item?.name ?? '',
    rewardPoint: item?.rewardPoint ?? '',
    points: textOf(item?.points),
    benefitKind: benefit?.kind ?? 'amountOff',
    product: benefit?.kind === 'freeProduct' ? benefit.product : '',
    amount: benefit?.kind === 'amountOff' ? benefit.amount : '',
    percent: benefit?.kind === 'percentOff' ? textOf(benefit.percent) : '',
    ...filterForm(benefit && benefit.kind !== 'freeProduct' ? benefit.on : null),
    maximum: item?.maximum ?? '',
    active: item?.active ?? true,
  };
}

function benefitOf(values: FormValues): unknown {
  const kind = str(values, 'benefitKind');
  if (kind === 'freeProduct') return { kind, product: str(values, 'product') };
  if (kind === 'percentOff') return { kind, percent: int(values, 'percent'), on: filter(values) };
  return { kind: 'amountOff', amount: str(values, 'amount'), on: filter(values) };
}

/** The request body: what was typed, for the server to check and name the field at fault. */
export function rewardBody(values: FormValues): object {
  return {
    id: str(values, 'id'),
    name: str(values, 'name'),
    rewardPoint: str(values, 'rewardPoint'),
    points: int(values, 'points'),
    benefit: benefitOf(values),
    maximum: optStr(values, 'maximum'),
    active: bool(values, 'active'),
  };
}

/** The inputs for the benefit kind chosen: a product to give, or an amount or percent off. */
export function rewardFields(
  t: TFunction,
  kind: string,
  rewardPointIds: readonly string[],
): FieldSpec[] {
  const benefit: FieldSpec[] =
    kind === 'freeProduct'
      ? [{ kind: 'text', name: 'product', label: t('fields.product'), errorPaths: ['benefit'] }]
      : [
          kind === 'percentOff'
            ? {
                kind: 'text',
                name: 'percent',
                label: t('rewards.percent'),
                errorPaths: ['benefit.percent'],
              }
            : {
                kind: 'text',
                name: 'amount',
                label: t('rewards.amount'),
                hint: t('rewards.amountHint'),
                errorPaths: ['benefit.amount'],
              },
          ...filterFields(t, []).map((field) => ({
            ...field,
            ...(field.name === 'filterKind' ? { label: t('rewards.on') } : {}),
            errorPaths: field.name === 'filterId' ? ['benefit.on'] : [],
          })),
        ];
  return [
    { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
    { kind: 'text', name: 'name', label: t('fields.name') },
    {
      kind: 'text',
      name: 'rewardPoint',
      label: t('rewards.rewardPoint'),
      hint: t('rewards.rewardPointHint'),
      suggestions: rewardPointIds,
    },
    { kind: 'text', name: 'points', label: t('rewards.points') },
    {
      kind: 'select',
      name: 'benefitKind',
      label: t('rewards.benefit'),
      errorPaths: ['benefit.kind'],
      options: BENEFIT_KINDS.map((value) => ({ value, label: t(`rewards.kind.${value}`) })),
    },
    ...benefit,
    {
      kind: 'text',
      name: 'maximum',
      label: t('rewards.maximum'),
      hint: t('rewards.maximumHint'),
    },
    { kind: 'checkbox', name: 'active', label: t('rewards.active') },
  ];
}

/** "10 % off category SHOES", "1 x COFFEE free", "2.00 off the sale". */
export function benefitText(t: TFunction, benefit: RewardBenefit): string {
  if (benefit.kind === 'freeProduct') return t('rewards.text.freeProduct', { id: benefit.product });
  const on = benefit.on;
  const where =
    on === null
      ? t('rewards.text.sale')
      : 'category' in on
        ? t('rewards.text.category', { id: on.category })
        : t('rewards.text.product', { id: on.product });
  return benefit.kind === 'percentOff'
    ? t('rewards.text.percentOff', { percent: benefit.percent, where })
    : t('rewards.text.amountOff', { amount: benefit.amount, where });
}
