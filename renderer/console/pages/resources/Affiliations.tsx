import { useTranslation } from 'react-i18next';
import { bool, str, type FormValues } from '../../components/form';
import { ResourcePage, type ResourceConfig } from '../../components/ResourcePage';
import { yesNo } from './common';

interface Affiliation {
  id: string;
  name: string;
  hiddenInStores: boolean;
}

const toForm = (item: Affiliation): FormValues => ({ ...item });

/** Affiliations (memberships such as "Veteran"), some hidden from cashiers. */
export function Affiliations() {
  const { t } = useTranslation();
  const config: ResourceConfig<Affiliation> = {
    title: t('affiliations.title'),
    newLabel: t('affiliations.new'),
    listPath: '/api/hq/affiliations',
    itemPath: (id) => `/api/hq/affiliations/${encodeURIComponent(id)}`,
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
