import { useTranslation } from 'react-i18next';
import { bool, idList, joinIds, str, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { yesNo } from './common';

type StaffMember = ItemOf<typeof contract.hq.staff>;

const toForm = (item: StaffMember): FormValues => ({
  id: item.id,
  name: item.name,
  role: item.role,
  stores: joinIds(item.stores),
  active: item.active,
  pin: '',
});

/** Staff with their role, stores and PIN (set here, never shown). */
export function Staff() {
  const { t } = useTranslation();
  const config: ResourceConfig<typeof contract.hq.staff> = {
    title: t('staff.title'),
    newLabel: t('staff.new'),
    routes: contract.hq.staff,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('staff.role'), cell: (item) => t(`staff.roles.${item.role}`) },
      { header: t('fields.stores'), cell: (item) => joinIds(item.stores) },
      { header: t('staff.active'), cell: (item) => yesNo(t, item.active) },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'select',
        name: 'role',
        label: t('staff.role'),
        options: (['cashier', 'manager', 'headOffice'] as const).map((role) => ({
          value: role,
          label: t(`staff.roles.${role}`),
        })),
      },
      { kind: 'text', name: 'stores', label: t('fields.stores'), hint: t('fields.idListHint') },
      { kind: 'checkbox', name: 'active', label: t('staff.active') },
      {
        kind: 'text',
        type: 'password',
        name: 'pin',
        label: t('staff.pin'),
        hint: t('staff.pinHint'),
      },
    ],
    blank: () => toForm({ id: '', name: '', role: 'cashier', stores: [], active: true }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      role: str(values, 'role'),
      stores: idList(values, 'stores'),
      active: bool(values, 'active'),
      // Without a PIN an update keeps the current one (a new member needs one: the server says so).
      ...(str(values, 'pin') ? { pin: str(values, 'pin') } : {}),
    }),
  };
  return <ResourcePage config={config} />;
}
