import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../common/i18n';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { api } from '../session';

type TierChange = AnswerOf<typeof contract.cards.tierChanges>['items'][number];

/** The card's tier history, newest first; a change made by hand shows its reason and who. */
export function CardTierChanges({ number, refresh }: { number: string; refresh: number }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<TierChange[]>([]);
  useEffect(() => {
    let current = true;
    api
      .route(contract.cards.tierChanges, { params: { number } })
      .then((page) => current && setItems(page.items))
      .catch(() => current && setItems([]));
    return () => {
      current = false;
    };
  }, [number, refresh]);
  if (items.length === 0) return null;
  return (
    <table aria-label={t('card.tierChanges')}>
      <caption>{t('card.tierChanges')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('card.tierChangedAt')}</th>
          <th scope="col">{t('fields.tier')}</th>
          <th scope="col">{t('card.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={`${item.changedAt}-${item.tier ?? ''}`}>
            <td>{formatDateTime(item.changedAt)}</td>
            <td>{`${item.previousTier ?? '–'} → ${item.tier ?? '–'}`}</td>
            <td>{item.reason ? `${item.reason} (${item.setBy ?? ''})` : t('card.byTierRules')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
