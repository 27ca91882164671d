import { errorText } from '../../../common/errorText';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/i18n';
import { str, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';
import { useIds } from '../../components/useIds';
import { navigate } from '../../routes';
import { api } from '../../session';

type Register = ItemOf<typeof contract.hq.registers>;

type Notice = {
  kind: 'status' | 'alert';
  text: string;
  /** A fresh enrolment code: a link opens the register app enrolled with it. */
  enrol?: { register: string; code: string };
} | null;

/** "Make enrolment code" and a two-step "revoke" for one register. */
function RegisterActions({
  register,
  onNotice,
  reload,
}: {
  register: Register;
  onNotice: (notice: Notice) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const params = { store: register.store, register: register.id };

  async function makeCode() {
    try {
      const result = await api.route(contract.hq.registers.enrolmentCode, { params });
      onNotice({
        kind: 'status',
        text: t('registers.code', {
          register: register.id,
          code: result.code,
          expires: formatDateTime(result.expiresAt),
        }),
        enrol: { register: register.id, code: result.code },
      });
    } catch (caught) {
      onNotice({ kind: 'alert', text: errorText(caught) });
    }
  }

  async function revoke() {
    setConfirming(false);
    try {
      await api.route(contract.hq.registers.revoke, { params });
      onNotice({ kind: 'status', text: t('registers.revoked', { register: register.id }) });
      reload();
    } catch (caught) {
      onNotice({ kind: 'alert', text: errorText(caught) });
    }
  }

  return (
    <>
      <button type="button" onClick={() => void makeCode()}>
        {t('registers.makeCode', { register: register.id })}
      </button>
      {confirming ? (
        <button type="button" className="danger" onClick={() => void revoke()}>
          {t('registers.confirmRevoke', { register: register.id })}
        </button>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('registers.revoke', { register: register.id })}
        </button>
      )}
    </>
  );
}

/** The registers of one store: names, enrolment state, enrolment codes and revocation. */
export function Registers({ store }: { store: string | null }) {
  const { t } = useTranslation();
  const stores = useIds(contract.hq.stores.list);
  const [notice, setNotice] = useState<Notice>(null);

  const config: ResourceConfig<typeof contract.hq.registers> = {
    title: t('registers.title', { store }),
    newLabel: t('registers.new'),
    routes: contract.hq.registers,
    params: { store: store ?? '' },
    itemParams: (item) => ({ store: item.store, register: item.id }),
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      {
        header: t('registers.state'),
        cell: (item) => t(`registers.states.${item.enrolmentState}`, item.enrolmentState),
      },
      { header: t('registers.enrolledAt'), cell: (item) => formatDateTime(item.enrolledAt) },
      { header: t('registers.lastSeenAt'), cell: (item) => formatDateTime(item.lastSeenAt) },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
    ],
    blank: () => ({ id: '', name: '' }),
    toForm: (item): FormValues => ({ id: item.id, name: item.name }),
    toBody: (values, editing) =>
      editing
        ? { name: str(values, 'name') }
        : { id: str(values, 'id'), name: str(values, 'name') },
    rowActions: (item, reload) => (
      <RegisterActions register={item} onNotice={setNotice} reload={reload} />
    ),
  };

  return (
    <>
      <label>
        {t('registers.store')}
        <select value={store ?? ''} onChange={(e) => navigate('registers', e.target.value)}>
          <option value="">{t('registers.pickStore')}</option>
          {stores.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      {notice && (
        <p role={notice.kind} className={notice.kind === 'status' ? 'notice' : 'error'}>
          {notice.text}
        </p>
      )}
      {notice?.enrol && (
        <p>
          <a
            href={`/#enrol=${encodeURIComponent(notice.enrol.code)}`}
            target="_blank"
            rel="noopener"
          >
            {t('registers.openEnrolled', { register: notice.enrol.register })}
          </a>
        </p>
      )}
      {store && <ResourcePage config={config} />}
    </>
  );
}
