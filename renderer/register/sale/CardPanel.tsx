import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';

const sumOf = (record: Readonly<Record<string, number>>) =>
  Object.values(record).reduce((a, b) => a + b, 0);

/** The card at a glance: who, which tier, what can be spent, what is pending or locked. */
export function CardPanel({
  card,
  tierName,
  canCover,
  currency,
  onRemove,
}: {
  card: CardInfo;
  tierName: string | null;
  canCover: number;
  currency: string;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const rewardPoints = [
    ...new Set([...Object.keys(card.balances), ...Object.keys(card.pending)]),
  ].sort();
  return (
    <section className="panel card-panel" aria-label={t('register.card.panel')}>
      <h2>
        {t('register.card.title', { number: card.number })}
        {card.status !== 'active' && (
          <span className="badge"> {t(`register.card.status.${card.status}`)}</span>
        )}
        {card.issuedHere && <span className="badge"> {t('register.card.issuedHere')}</span>}
      </h2>
      <dl>
        <dt>{t('register.card.customer')}</dt>
        <dd>{card.customer?.name ?? t('register.card.anonymous')}</dd>
        <dt>{t('register.card.tier')}</dt>
        <dd>{tierName ?? card.standing.tier ?? '—'}</dd>
        {rewardPoints.map((rp) => {
          const balance = card.balances[rp] ?? { available: 0, unvested: 0, expiring30: 0 };
          return (
            <div key={rp} className="balance" role="group" aria-label={rp}>
              <dt>{t('register.card.available', { rewardPoint: rp })}</dt>
              <dd data-testid={`available-${rp}`}>{formatNumber(balance.available)}</dd>
              <dt>{t('register.card.pending')}</dt>
              <dd data-testid={`pending-${rp}`}>{formatNumber(card.pending[rp] ?? 0)}</dd>
              <dt>{t('register.card.unvested')}</dt>
              <dd>{formatNumber(balance.unvested)}</dd>
              <dt>{t('register.card.expiring')}</dt>
              <dd>{formatNumber(balance.expiring30)}</dd>
            </div>
          );
        })}
        <dt>{t('register.card.canCover')}</dt>
        <dd data-testid="can-cover">{formatMoney(canCover, currency)}</dd>
      </dl>
      {sumOf(card.pending) !== 0 && <p className="hint">{t('register.card.pendingHint')}</p>}
      {onRemove && (
        <button type="button" onClick={onRemove}>
          {t('register.card.remove')}
        </button>
      )}
    </section>
  );
}
