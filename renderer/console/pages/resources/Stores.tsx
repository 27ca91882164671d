import { useTranslation } from 'react-i18next';
import { bool, int, str, textOf, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { useIds } from '../../components/useIds';
import { hrefOf } from '../../routes';
import { yesNo } from './common';

type Store = ItemOf<typeof contract.hq.stores>;

const toForm = (item: Store): FormValues => ({
  id: item.id,
  name: item.name,
  currency: item.currency,
  timeZone: item.timeZone,
  program: item.program ?? '',
  country: item.country ?? '',
  address: item.address ?? '',
  generateCardNumbers: item.profile.generateCardNumbers,
  offlineEarning: item.profile.offlineEarning,
  offlineAllowance: textOf(item.profile.offlineRedemption?.allowancePerCardPerDay),
  voidApprovalAbove: item.profile.voidApprovalAbove ?? '',
});

const toBody = (values: FormValues) => ({
  id: str(values, 'id'),
  name: str(values, 'name'),
  currency: str(values, 'currency'),
  timeZone: str(values, 'timeZone'),
  program: str(values, 'program'),
  country: str(values, 'country').toUpperCase() || null,
  address: str(values, 'address') || null,
  profile: {
    generateCardNumbers: bool(values, 'generateCardNumbers'),
    offlineEarning: bool(values, 'offlineEarning'),
    offlineRedemption:
      str(values, 'offlineAllowance') === ''
        ? null
        : { allowancePerCardPerDay: int(values, 'offlineAllowance') },
    voidApprovalAbove:
      str(values, 'voidApprovalAbove') === '' ? null : str(values, 'voidApprovalAbove'),
  },
});

/** Stores (channels) with their functionality profile; each links to its registers. */
export function Stores() {
  const { t } = useTranslation();
  const programs = useIds(contract.hq.programs.list);
  const config: ResourceConfig<typeof contract.hq.stores> = {
    title: t('stores.title'),
    newLabel: t('stores.new'),
    routes: contract.hq.stores,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('fields.currency'), cell: (item) => item.currency },
      { header: t('stores.timeZone'), cell: (item) => item.timeZone },
      { header: t('fields.program'), cell: (item) => item.program },
      { header: t('stores.country'), cell: (item) => item.country ?? '' },
      {
        header: t('stores.offlineEarning'),
        cell: (item) => yesNo(t, item.profile.offlineEarning),
      },
      {
        header: t('stores.offlineAllowance'),
        cell: (item) =>
          item.profile.offlineRedemption?.allowancePerCardPerDay ?? t('stores.onlineOnly'),
      },
      {
        header: t('stores.voidApprovalAbove'),
        cell: (item) => item.profile.voidApprovalAbove ?? t('stores.noVoidApproval'),
      },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'text',
        name: 'currency',
        label: t('fields.currency'),
        hint: t('stores.currencyHint'),
      },
      {
        kind: 'text',
        name: 'timeZone',
        label: t('stores.timeZone'),
        hint: t('stores.timeZoneHint'),
      },
      { kind: 'text', name: 'program', label: t('fields.program'), suggestions: programs },
      { kind: 'text', name: 'country', label: t('stores.country'), hint: t('stores.countryHint') },
      { kind: 'text', name: 'address', label: t('stores.address') },
      {
        kind: 'checkbox',
        name: 'generateCardNumbers',
        label: t('stores.generateCardNumbers'),
        errorPaths: ['profile.generateCardNumbers'],
      },
      {
        kind: 'checkbox',
        name: 'offlineEarning',
        label: t('stores.offlineEarning'),
        errorPaths: ['profile.offlineEarning'],
      },
      {
        kind: 'text',
        name: 'offlineAllowance',
        label: t('stores.offlineAllowance'),
        errorPaths: ['profile.offlineRedemption'],
        hint: t('stores.offlineAllowanceHint'),
      },
      {
        kind: 'text',
        name: 'voidApprovalAbove',
        label: t('stores.voidApprovalAbove'),
        errorPaths: ['profile.voidApprovalAbove'],
        hint: t('stores.voidApprovalHint'),
      },
    ],
    blank: () =>
      toForm({
        id: '',
        name: '',
        currency: 'EUR',
        timeZone: 'Europe/Amsterdam',
        program: programs[0] ?? '',
        profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
      }),
    toForm,
    toBody,
    rowActions: (item) => (
      <>
        <a href={hrefOf('registers', item.id)}>{t('stores.registersOf', { id: item.id })}</a>{' '}
        <a href={hrefOf('quick-keys', item.id)}>{t('stores.quickKeysOf', { id: item.id })}</a>
      </>
    ),
  };
  return <ResourcePage config={config} />;
}
