import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  int,
  optInt,
  optStr,
  period,
  periodForm,
  rows,
  str,
  textOf,
  type FieldSpec,
  type FormValues,
} from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { useIds } from '../../components/useIds';
import { periodFields } from './common';

type Program = ItemOf<typeof contract.hq.programs>;
type Tier = Program['tiers'][number];
type TierRule = Tier['rules'][number];

const ruleForm = (rule: TierRule): FormValues => ({
  id: rule.id,
  rewardPoint: rule.rewardPoint,
  minimum: textOf(rule.minimum),
  ...periodForm('window', rule.window),
});

const tierForm = (tier: Tier): FormValues => ({
  id: tier.id,
  name: tier.name,
  level: textOf(tier.level),
  ...periodForm('stay', tier.stay),
  discountPercent: textOf(tier.discount?.percent),
  discountCategory: tier.discount?.category ?? '',
  expiryWarningDays: textOf(tier.expiryWarningDays ?? null),
  rules: tier.rules.map(ruleForm),
});

const toForm = (item: Program): FormValues => ({
  id: item.id,
  name: item.name,
  tiers: item.tiers.map(tierForm),
});

const tierBody = (tier: FormValues) => ({
  id: str(tier, 'id'),
  name: str(tier, 'name'),
  level: int(tier, 'level'),
  stay: period(tier, 'stay'),
  discount:
    str(tier, 'discountPercent') === ''
      ? null
      : { percent: int(tier, 'discountPercent'), category: optStr(tier, 'discountCategory') },
  expiryWarningDays: optInt(tier, 'expiryWarningDays'),
  rules: rows(tier, 'rules').map((rule) => ({
    id: str(rule, 'id'),
    rewardPoint: str(rule, 'rewardPoint'),
    minimum: int(rule, 'minimum'),
    window: period(rule, 'window'),
  })),
});

const newRule = (): FormValues =>
  ruleForm({ id: '', rewardPoint: '', minimum: 0, window: { value: 1, unit: 'year' } });
const newTier = (): FormValues =>
  tierForm({ id: '', name: '', level: 0, stay: null, discount: null, rules: [] });

function tierFields(t: TFunction, rewardPoints: readonly string[]): FieldSpec[] {
  const ruleFields: FieldSpec[] = [
    { kind: 'text', name: 'id', label: t('fields.id') },
    {
      kind: 'text',
      name: 'rewardPoint',
      label: t('fields.rewardPoint'),
      suggestions: rewardPoints,
    },
    { kind: 'text', name: 'minimum', label: t('programs.minimum') },
    ...periodFields(t, 'window', t('programs.window'), ''),
  ];
  return [
    { kind: 'text', name: 'id', label: t('fields.id') },
    { kind: 'text', name: 'name', label: t('fields.name') },
    { kind: 'text', name: 'level', label: t('programs.level'), hint: t('programs.levelHint') },
    ...periodFields(t, 'stay', t('programs.stay'), t('fields.emptyNone')),
    {
      kind: 'text',
      name: 'discountPercent',
      label: t('programs.discountPercent'),
      errorPaths: ['discount.percent', 'discount'],
      hint: t('fields.emptyNone'),
    },
    {
      kind: 'text',
      name: 'discountCategory',
      label: t('programs.discountCategory'),
      errorPaths: ['discount.category'],
      hint: t('programs.discountCategoryHint'),
    },
    {
      kind: 'text',
      name: 'expiryWarningDays',
      label: t('programs.expiryWarningDays'),
      hint: t('programs.expiryWarningDaysHint'),
    },
    {
      kind: 'rows',
      name: 'rules',
      label: t('programs.rules'),
      hint: t('programs.rulesHint'),
      rowLabel: (i) => t('programs.rule', { n: i + 1 }),
      addLabel: t('programs.addRule'),
      removeLabel: (i) => t('programs.removeRule', { n: i + 1 }),
      fields: ruleFields,
      newRow: newRule,
    },
  ];
}

/** Programs with their tiers and each tier's rules. */
export function Programs() {
  const { t } = useTranslation();
  const rewardPoints = useIds(contract.hq.rewardPoints.list);
  const config: ResourceConfig<typeof contract.hq.programs> = {
    title: t('programs.title'),
    newLabel: t('programs.new'),
    routes: contract.hq.programs,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      {
        header: t('programs.tiers'),
        cell: (item) => item.tiers.map((tier) => `${tier.name} (${tier.level})`).join(', '),
      },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'rows',
        name: 'tiers',
        label: t('programs.tiers'),
        rowLabel: (i) => t('programs.tier', { n: i + 1 }),
        addLabel: t('programs.addTier'),
        removeLabel: (i) => t('programs.removeTier', { n: i + 1 }),
        fields: tierFields(t, rewardPoints),
        newRow: newTier,
      },
    ],
    blank: () => ({ id: '', name: '', tiers: [newTier()] }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      tiers: rows(values, 'tiers').map(tierBody),
    }),
  };
  return <ResourcePage config={config} />;
}
