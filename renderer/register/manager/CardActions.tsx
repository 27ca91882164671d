import { errorText } from '../../common/errorText';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import { api as routes, type HistoryEntry } from '../../../shared/protocol/api';
import { ApiError } from '../../common/api';
import { formatDateTime, formatNumber } from '../../common/i18n';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';

type HistoryItem = HistoryEntry;

/** One online action: a small form that calls the server and says plainly what happened. */
function ActionForm({
  title,
  online,
  onSubmit,
  children,
}: {
  title: string;
  online: boolean;
  onSubmit: () => Promise<string>;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setMessage({ ok: true, text: await onSubmit() });
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 0
          ? t('register.manager.offline')
          : errorText(error);
      setMessage({ ok: false, text });
    }
  };
  return (
    <form className="action" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      {children}
      <button type="submit" disabled={!online}>
        {title}
      </button>
      {!online && <p className="hint">{t('register.manager.needsServer')}</p>}
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </form>
  );
}

/** A manager's card actions that need the server: link, block, history, replace, transfer, adjust, award. */
export function CardActions({
  engine,
  setup,
  serverToken,
  online,
}: {
  engine: SyncEngine;
  setup: StoreSetup;
  serverToken: string | null;
  online: boolean;
}) {
  const { t } = useTranslation();
  const [numberText, setNumberText] = useState('');
  const [customer, setCustomer] = useState('');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [activity, setActivity] = useState('');
  const [history, setHistory] = useState<HistoryItem[] | null>(null);
  const rewardPoint = setup.rewardPoints[0]?.id ?? '';
  // The other activities the store's schemes reward, offered as the manager types.
  const activityTypes = [
    ...new Set(
      setup.schemes.flatMap((scheme) =>
        scheme.earning
          .map((line) => /^otherActivity:(.+)$/.exec(line.activity)?.[1])
          .filter((type): type is string => type !== undefined),
      ),
    ),
  ].sort();
  const ready = online && serverToken !== null;
  const api = () => engine.api(serverToken);

  const card = () => {
    const checked = checkCardNumber(numberText);
    if (!checked.ok) throw new Error(t('register.card.typo'));
    return checked.number;
  };
  const params = () => ({ number: card() });

  return (
    <section className="panel" aria-label={t('register.manager.cardActions')}>
      <h2>{t('register.manager.cardActions')}</h2>
      {!serverToken && <p className="hint">{t('register.manager.signedInOffline')}</p>}
      <label>
        {t('register.card.number')}
        <input
          inputMode="numeric"
          value={numberText}
          onChange={(e) => setNumberText(e.target.value)}
        />
      </label>
      <div className="actions-grid">
        <ActionForm
          title={t('register.manager.history')}
          online={ready}
          onSubmit={async () => {
            const page = await api().route(routes.cards.history, { params: params() });
            setHistory(page.items);
            return t('register.manager.historyLoaded', { count: page.items.length });
          }}
        />
        <ActionForm
          title={t('register.manager.link')}
          online={ready}
          onSubmit={async () => {
            await api().route(routes.cards.link, {
              params: params(),
              body: { customer: customer.trim() },
            });
            return t('register.manager.done');
          }}
        >
          <label>
            {t('register.manager.customer')}
            <input value={customer} onChange={(e) => setCustomer(e.target.value)} />
          </label>
        </ActionForm>
        <ActionForm
          title={t('register.manager.block')}
          online={ready}
          onSubmit={async () => {
            await api().route(routes.cards.block, { params: params() });
            return t('register.manager.done');
          }}
        />
        <ActionForm
          title={t('register.manager.adjust')}
          online={ready}
          onSubmit={async () => {
            await api().route(routes.cards.adjust, {
              params: params(),
              body: {
                id: crypto.randomUUID(),
                rewardPoint,
                points: Number(points),
                comment: reason,
              },
            });
            return t('register.manager.done');
          }}
        >
          <label>
            {t('register.manager.points')}
            <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} />
          </label>
          <label>
            {t('register.manager.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ActionForm>
        <ActionForm
          title={t('register.manager.transfer')}
          online={ready}
          onSubmit={async () => {
            await api().route(routes.cards.transfer, {
              params: params(),
              body: { id: crypto.randomUUID(), to: target.trim(), rewardPoint },
            });
            return t('register.manager.done');
          }}
        >
          <label>
            {t('register.manager.toCard')}
            <input inputMode="numeric" value={target} onChange={(e) => setTarget(e.target.value)} />
          </label>
        </ActionForm>
        <ActionForm
          title={t('register.manager.replace')}
          online={ready}
          onSubmit={async () => {
            const moved = await api().route(routes.cards.replace, {
              params: params(),
              body: { fromSequence: true },
            });
            return t('register.manager.replaced', { number: moved.to.number });
          }}
        />
        <ActionForm
          title={t('register.manager.award')}
          online={ready}
          onSubmit={async () => {
            await api().route(routes.cards.award, {
              params: params(),
              body: { id: crypto.randomUUID(), type: activity.trim() },
            });
            return t('register.manager.done');
          }}
        >
          <label>
            {t('register.manager.activity')}
            <input
              list="activity-types"
              value={activity}
              onChange={(e) => setActivity(e.target.value)}
            />
            <datalist id="activity-types">
              {activityTypes.map((type) => (
                <option key={type} value={type} />
              ))}
            </datalist>
          </label>
        </ActionForm>
      </div>
      {history && (
        <table aria-label={t('register.manager.history')}>
          <thead>
            <tr>
              <th scope="col">{t('register.manager.when')}</th>
              <th scope="col">{t('register.manager.kind')}</th>
              <th scope="col">{t('register.manager.points')}</th>
              <th scope="col">{t('register.manager.status')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.serverTime)}</td>
                <td>{item.kind}</td>
                <td>
                  {formatNumber(item.points)} {item.rewardPoint}
                </td>
                <td>{item.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
