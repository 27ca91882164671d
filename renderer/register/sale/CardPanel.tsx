import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';

const sumOf = (record: Readonly<Record<string, number>>) =>
  Object.values(record).reduce((a, b) => a + b, 0);

/**
 * The card's figures as one small table: a column for each figure under a short head (its long
 * label as a tooltip), a row for each reward point. The heads are said once, not once for each
 * reward point, so the panel stays a few lines high in every language. The spent column shows
 * only while this register spent points not yet posted.
 */
function Balances({ card, rewardPoints }: { card: CardInfo; rewardPoints: readonly string[] }) {
  const { t } = useTranslation();
  const showSpent = sumOf(card.spent) > 0;
  const heads = [
    ['available', t('register.card.columns.available')],
    ['pending', t('register.card.pending')],
    ...(showSpent ? [['spent', t('register.card.spentUnposted')] as const] : []),
    ['unvested', t('register.card.unvested')],
    ['expiring', t('register.card.expiring')],
  ] as const;
  return (
    <table className="balances">
      <thead>
        <tr>
          <td />
          {heads.map(([column, long]) => (
            <th key={column} scope="col" title={long}>
              {t(`register.card.columns.${column}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rewardPoints.map((rp) => {
          const balance = card.balances[rp] ?? { available: 0, unvested: 0, expiring30: 0 };
          const spent = card.spent[rp] ?? 0;
          return (
            <tr key={rp}>
              <th scope="row">{rp}</th>
              <td
                data-testid={`available-${rp}`}
                title={t('register.card.available', { rewardPoint: rp })}
              >
                {formatNumber(balance.available - spent)}
              </td>
              <td data-testid={`pending-${rp}`}>{formatNumber(card.pending[rp] ?? 0)}</td>
              {showSpent && <td data-testid={`spent-${rp}`}>{formatNumber(spent)}</td>}
              <td>{formatNumber(balance.unvested)}</td>
              <td>{formatNumber(balance.expiring30)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
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
  const customer = card.customer?.name ?? t('register.card.anonymous');
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
        <div className="head-lines">
          <div className="head-line">
            {/* A long name ends in an ellipsis: whole in its tooltip. */}
            <strong className="customer" title={customer}>
              {customer}
            </strong>
            <span className="standing">
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
              {card.issuedHere && (
                <span className="badge info">{t('register.card.issuedHere')}</span>
              )}
            </span>
          </div>
          <div className="head-line">
            <span className="card-number">{t('register.card.title', { number: card.number })}</span>
            {/* What the points can pay sits by the card's name: the one figure a cashier acts on. */}
            <span className="can-cover">
              {t('register.card.canCover')}{' '}
              <strong data-testid="can-cover">{formatMoney(canCover, currency)}</strong>
            </span>
          </div>
        </div>
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
      <Balances card={card} rewardPoints={rewardPoints} />
      {sumOf(card.pending) + sumOf(card.spent) > 0 && (
        <p className="hint">{t('register.card.pendingHint')}</p>
      )}
    </section>
  );
}
