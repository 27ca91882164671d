import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';

const sumOf = (record: Readonly<Record<string, number>>) =>
  Object.values(record).reduce((a, b) => a + b, 0);

/**
 * One reward point of the card: what is left to spend (head office's balance less what this
 * register spent since), what it earned here and what it spent here, both waiting to be posted.
 */
function Balance({ card, rewardPoint: rp }: { card: CardInfo; rewardPoint: string }) {
  const { t } = useTranslation();
  const balance = card.balances[rp] ?? { available: 0, unvested: 0, expiring30: 0 };
  const spent = card.spent[rp] ?? 0;
  return (
    <div className="balance" role="group" aria-label={rp}>
      <div>
        <dt>{t('register.card.available', { rewardPoint: rp })}</dt>
        <dd data-testid={`available-${rp}`}>{formatNumber(balance.available - spent)}</dd>
      </div>
      <div>
        <dt>{t('register.card.pending')}</dt>
        <dd data-testid={`pending-${rp}`}>{formatNumber(card.pending[rp] ?? 0)}</dd>
      </div>
      {spent > 0 && (
        <div>
          <dt>{t('register.card.spentUnposted')}</dt>
          <dd data-testid={`spent-${rp}`}>{formatNumber(spent)}</dd>
        </div>
      )}
      <div>
        <dt>{t('register.card.unvested')}</dt>
        <dd>{formatNumber(balance.unvested)}</dd>
      </div>
      <div>
        <dt>{t('register.card.expiring')}</dt>
        <dd>{formatNumber(balance.expiring30)}</dd>
      </div>
    </div>
  );
}

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
    ...new Set([
      ...Object.keys(card.balances),
      ...Object.keys(card.pending),
      ...Object.keys(card.spent),
    ]),
  ].sort();
  return (
    <section className="card-panel" aria-label={t('register.card.panel')}>
      <div className="card-head">
        <div>
          <strong className="customer">
            {card.customer?.name ?? t('register.card.anonymous')}
          </strong>
          <span className="card-number">{t('register.card.title', { number: card.number })}</span>
        </div>
        <span className="tier">{tierName ?? card.standing.tier ?? '—'}</span>
        {card.provisionalTier && (
          <span
            className="badge info"
            data-testid="provisional-tier"
            title={t('register.card.provisionalHint')}
          >
            {t('register.card.provisionalTier', { tier: card.provisionalTier.name })}
          </span>
        )}
        {card.status !== 'active' && (
          <span className="badge">{t(`register.card.status.${card.status}`)}</span>
        )}
        {card.issuedHere && <span className="badge info">{t('register.card.issuedHere')}</span>}
        {onRemove && (
          <button
            type="button"
            className="remove"
            aria-label={t('register.card.remove')}
            onClick={onRemove}
          >
            ×
          </button>
        )}
      </div>
      <dl>
        {rewardPoints.map((rp) => (
          <Balance key={rp} card={card} rewardPoint={rp} />
        ))}
        <div className="can-cover">
          <dt>{t('register.card.canCover')}</dt>
          <dd data-testid="can-cover">{formatMoney(canCover, currency)}</dd>
        </div>
      </dl>
      {sumOf(card.pending) + sumOf(card.spent) > 0 && (
        <p className="hint">{t('register.card.pendingHint')}</p>
      )}
    </section>
  );
}
