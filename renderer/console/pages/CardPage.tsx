import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { hrefOf } from '../routes';
import { api } from '../session';
import { CardActions } from './CardActions';
import { CardTierChanges } from './CardTierChanges';
import { CardHistory } from './CardHistory';
import { api as contract, type CardView } from '../../../shared/protocol/api';

type EnrolmentSource = CardView['source'];

function Balances({ card }: { card: CardView }) {
  const { t } = useTranslation();
  const label = t('card.balances', { number: card.number });
  return (
    <table aria-label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fields.rewardPoint')}</th>
          <th scope="col">{t('card.available')}</th>
          <th scope="col">{t('card.unvested')}</th>
          <th scope="col">{t('card.pending')}</th>
          <th scope="col">{t('card.expiring30')}</th>
          <th scope="col">{t('card.posted')}</th>
        </tr>
      </thead>
      <tbody>
        {card.balances.map((balance) => (
          <tr key={balance.rewardPoint}>
            <th scope="row">{balance.rewardPoint}</th>
            <td>{formatNumber(balance.available)}</td>
            <td>{formatNumber(balance.unvested)}</td>
            <td>{formatNumber(balance.pending)}</td>
            <td>{formatNumber(balance.expiring30)}</td>
            <td>{formatNumber(balance.posted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function useSourceText(): (source: EnrolmentSource) => string {
  const { t } = useTranslation();
  return (source) =>
    source.kind === 'register'
      ? t('card.sources.register', { store: source.store, register: source.register })
      : t(`card.sources.${source.kind}`);
}

function Details({ card }: { card: CardView }) {
  const { t } = useTranslation();
  const sourceText = useSourceText();
  return (
    <dl className="details">
      <dt>{t('fields.status')}</dt>
      <dd>{t(`cards.statuses.${card.status}`)}</dd>
      <dt>{t('fields.program')}</dt>
      <dd>{card.program}</dd>
      <dt>{t('fields.tier')}</dt>
      <dd>
        {card.tier ?? ''}
        {card.tierValidUntil &&
          ` (${t('card.until', { date: formatDateTime(card.tierValidUntil) })})`}
      </dd>
      {card.tierHold && (
        <>
          <dt>{t('card.tierHold')}</dt>
          <dd>
            {t('card.tierHeld', {
              date: formatDateTime(card.tierHold.until),
              reason: card.tierHold.reason ?? '',
              by: card.tierHold.setBy ?? '',
            })}
          </dd>
        </>
      )}
      <dt>{t('cards.customer')}</dt>
      <dd>
        {card.customer
          ? `${card.customer.name ?? card.customer.id} ${card.customer.email ?? ''} ${card.customer.phone ?? ''}`
          : t('cards.anonymous')}
      </dd>
      <dt>{t('card.source')}</dt>
      <dd>{sourceText(card.source)}</dd>
      <dt>{t('card.issuedAt')}</dt>
      <dd>{formatDateTime(card.issuedAt)}</dd>
      {card.replacedBy && (
        <>
          <dt>{t('card.replacedByLabel')}</dt>
          <dd>
            <a href={hrefOf('cards', card.replacedBy)}>{card.replacedBy}</a>
          </dd>
        </>
      )}
    </dl>
  );
}

/** One card: who it is for, its balances, the actions on it and its whole history. */
export function CardPage({ number }: { number: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [card, setCard] = useState<CardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  // The card asked for now; an answer about an earlier one is dropped.
  const current = useRef(number);
  current.current = number;

  const load = useCallback(async () => {
    try {
      const loaded = await api.route(contract.cards.get, { params: { number } });
      if (current.current !== number) return;
      setCard(loaded);
      setError(null);
    } catch (caught) {
      if (current.current === number) setError(errorText(caught));
    }
  }, [number]);
  useEffect(() => void load(), [load, refresh]);
  // Another card: nothing of the previous one stays on screen while this one loads.
  useEffect(() => {
    setCard(null);
    setNotice(null);
    setError(null);
  }, [number]);

  const done = (message: string) => {
    setNotice(message);
    setRefresh((n) => n + 1);
  };

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('card.title', { number })}</h2>
      {error && <p role="alert">{error}</p>}
      {notice && <p role="status">{notice}</p>}
      {card && (
        <>
          <Details card={card} />
          <Balances card={card} />
          <CardActions key={card.number} card={card} done={done} />
          <CardTierChanges number={card.number} refresh={refresh} />
          <CardHistory key={`history-${card.number}`} number={card.number} refresh={refresh} />
        </>
      )}
    </section>
  );
}
