import { useTranslation } from 'react-i18next';
import { bool, int, optInt, str, textOf, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { useIds } from '../../components/useIds';
import { yesNo } from './common';

type ActivityType = ItemOf<typeof contract.hq.activityTypes>;

const toForm = (item: ActivityType): FormValues => ({
  id: item.id,
  name: item.name,
  rewardPoint: item.rewardPoint,
  points: textOf(item.points),
  perCustomerLimit: textOf(item.perCustomerLimit),
  needsReview: item.needsReview,
});

/**
 * Other activities (registration, newsletter sign-up, review, store visit): the points each
 * awards and how often one customer may earn them.
 */
export function ActivityTypes() {
  const { t } = useTranslation();
  const rewardPoints = useIds(contract.hq.rewardPoints.list);
  const config: ResourceConfig<typeof contract.hq.activityTypes> = {
    title: t('activityTypes.title'),
    newLabel: t('activityTypes.new'),
    routes: contract.hq.activityTypes,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('fields.rewardPoint'), cell: (item) => item.rewardPoint },
      { header: t('fields.points'), cell: (item) => item.points },
      {
        header: t('activityTypes.perCustomerLimit'),
        cell: (item) => item.perCustomerLimit ?? t('activityTypes.noLimit'),
      },
      { header: t('activityTypes.needsReview'), cell: (item) => yesNo(t, item.needsReview) },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'text',
        name: 'rewardPoint',
        label: t('fields.rewardPoint'),
        suggestions: rewardPoints,
      },
      { kind: 'text', name: 'points', label: t('fields.points') },
      {
        kind: 'text',
        name: 'perCustomerLimit',
        label: t('activityTypes.perCustomerLimit'),
        hint: t('activityTypes.perCustomerLimitHint'),
      },
      {
        kind: 'checkbox',
        name: 'needsReview',
        label: t('activityTypes.needsReview'),
        hint: t('activityTypes.needsReviewHint'),
      },
    ],
    blank: () => ({
      id: '',
      name: '',
      rewardPoint: rewardPoints[0] ?? '',
      points: '',
      perCustomerLimit: '',
      needsReview: false,
    }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      rewardPoint: str(values, 'rewardPoint'),
      points: int(values, 'points'),
      perCustomerLimit: optInt(values, 'perCustomerLimit'),
      needsReview: bool(values, 'needsReview'),
    }),
  };
  return <ResourcePage config={config} />;
}
