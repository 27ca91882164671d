import { useTranslation } from 'react-i18next';
import { bool, idList, joinIds, optStr, str, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { useIds } from '../../components/useIds';
import { yesNo } from './common';
import { CUSTOMER_LANGUAGES } from '../../../../shared/domain/master';
import { LANGUAGES } from '../../../common/i18n';

type Customer = ItemOf<typeof contract.hq.customers>;

const toForm = (item: Customer): FormValues => ({
  id: item.id,
  name: item.name,
  email: item.email ?? '',
  phone: item.phone ?? '',
  affiliations: joinIds(item.affiliations),
  blockedForEnrolment: item.blockedForEnrolment,
  language: item.language ?? 'en',
  balanceUpdates: item.subscriptions.balanceUpdates,
  expiryWarnings: item.subscriptions.expiryWarnings,
  newsletter: item.subscriptions.newsletter,
});

/** Customers: contact, affiliations, the enrolment block and notification subscriptions. */
export function Customers() {
  const { t } = useTranslation();
  const affiliations = useIds(contract.hq.affiliations.list);
  const config: ResourceConfig<typeof contract.hq.customers> = {
    title: t('customers.title'),
    newLabel: t('customers.new'),
    routes: contract.hq.customers,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('fields.email'), cell: (item) => item.email },
      { header: t('fields.phone'), cell: (item) => item.phone },
      { header: t('fields.affiliations'), cell: (item) => joinIds(item.affiliations) },
      { header: t('customers.blocked'), cell: (item) => yesNo(t, item.blockedForEnrolment) },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      { kind: 'text', type: 'email', name: 'email', label: t('fields.email') },
      { kind: 'text', type: 'tel', name: 'phone', label: t('fields.phone') },
      {
        kind: 'text',
        name: 'affiliations',
        label: t('fields.affiliations'),
        hint: t('customers.affiliationsHint', { known: affiliations.join(', ') }),
      },
      { kind: 'checkbox', name: 'blockedForEnrolment', label: t('customers.blocked') },
      {
        kind: 'select',
        name: 'language',
        label: t('customers.language'),
        hint: t('customers.languageHint'),
        options: CUSTOMER_LANGUAGES.map((value) => ({ value, label: LANGUAGES[value] })),
      },
      {
        kind: 'checkbox',
        name: 'balanceUpdates',
        label: t('customers.balanceUpdates'),
        errorPaths: ['subscriptions.balanceUpdates'],
      },
      {
        kind: 'checkbox',
        name: 'expiryWarnings',
        label: t('customers.expiryWarnings'),
        errorPaths: ['subscriptions.expiryWarnings'],
      },
      {
        kind: 'checkbox',
        name: 'newsletter',
        label: t('customers.newsletter'),
        errorPaths: ['subscriptions.newsletter'],
      },
    ],
    blank: () =>
      toForm({
        id: '',
        name: '',
        email: null,
        phone: null,
        affiliations: [],
        blockedForEnrolment: false,
        subscriptions: { balanceUpdates: false, expiryWarnings: false, newsletter: false },
      }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      email: optStr(values, 'email'),
      phone: optStr(values, 'phone'),
      affiliations: idList(values, 'affiliations'),
      blockedForEnrolment: bool(values, 'blockedForEnrolment'),
      language: str(values, 'language'),
      subscriptions: {
        balanceUpdates: bool(values, 'balanceUpdates'),
        expiryWarnings: bool(values, 'expiryWarnings'),
        newsletter: bool(values, 'newsletter'),
      },
    }),
  };
  return <ResourcePage config={config} />;
}
