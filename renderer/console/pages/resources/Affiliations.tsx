import { useTranslation } from 'react-i18next';
import { bool, str, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { yesNo } from './common';

type Affiliation = ItemOf<typeof contract.hq.affiliations>;

const toForm = (item: Affiliation): FormValues => ({ ...item });

/** Affiliations (memberships such as "Veteran"), some hidden from cashiers. */
export function Affiliations() {
  const { t } = useTranslation();
  const config: ResourceConfig<typeof contract.hq.affiliations> = {
    title: t('affiliations.title'),
    newLabel: t('affiliations.new'),
    routes: contract.hq.affiliations,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('affiliations.hidden'), cell: (item) => yesNo(t, item.hiddenInStores) },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      { kind: 'checkbox', name: 'hiddenInStores', label: t('affiliations.hidden') },
    ],
    blank: () => toForm({ id: '', name: '', hiddenInStores: false }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      hiddenInStores: bool(values, 'hiddenInStores'),
    }),
  };
  return <ResourcePage config={config} />;
}
