import { useTranslation } from 'react-i18next';
import type { SaleReward } from '../../../shared/checkout/saleReward';
import type { DistributedReward } from '../../../shared/domain/loyalty';
import { formatMoney, formatNumber } from '../../common/i18n';

/** How many rewards the panel lists, each on its own key (Alt+1 to Alt+4). */
export const REWARDS_SHOWN = 4;

export interface OfferedReward {
  readonly reward: DistributedReward;
  readonly discount: number;
}

/**
 * The rewards the card can afford on this basket, each a big button with its key; once one is
 * applied, that reward with its discount and price, which Alt+0 takes back.
 */
export function RewardList({
  offered,
  applied,
  currency,
  busy,
  onApply,
  onRemove,
}: {
  offered: readonly OfferedReward[];
  applied: SaleReward | null;
  currency: string;
  busy: boolean;
  onApply: (index: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const price = (points: number, rewardPoint: string) => `${formatNumber(points)} ${rewardPoint}`;
  if (applied)
    return (
      <section className="rewards applied" aria-label={t('register.reward.title')}>
        <p data-testid="applied-reward">
          {t(`register.reward.applied.${applied.reservation}`, {
            name: applied.name,
            amount: formatMoney(applied.discount, currency),
            points: price(applied.points, applied.rewardPoint),
          })}
        </p>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-label={t('register.reward.remove', { name: applied.name })}
          onClick={onRemove}
        >
          × <kbd>Alt+0</kbd>
        </button>
      </section>
    );
  if (offered.length === 0) return null;
  return (
    <section className="rewards" aria-label={t('register.reward.title')}>
      <h3>{t('register.reward.title')}</h3>
      <ul>
        {offered.slice(0, REWARDS_SHOWN).map(({ reward, discount }, i) => (
          <li key={reward.id}>
            <button type="button" disabled={busy} onClick={() => onApply(i)}>
              <kbd>Alt+{i + 1}</kbd>
              <span className="reward-name">{reward.name}</span>
              <span className="reward-terms">
                {t('register.reward.terms', {
                  amount: formatMoney(discount, currency),
                  points: price(reward.points, reward.rewardPoint),
                })}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
