import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/protocol/api';
import { formatNumber } from '../../common/i18n';
import { useStoreTime } from '../storeTime';

/** A card's ledger as the server answered it, newest first, captioned with the card it is of. */
export function CardHistoryTable({
  number,
  entries,
}: {
  number: string;
  entries: readonly HistoryEntry[];
}) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  const title = t('register.manager.historyOf', { number });
  // The history scrolls in a box of its own, so the Cards screen stays one screen.
  return (
    <div className="history">
      <table aria-label={title}>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('register.manager.when')}</th>
            <th scope="col">{t('register.manager.kind')}</th>
            <th scope="col">{t('register.manager.points')}</th>
            <th scope="col">{t('register.manager.status')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((item) => (
            <tr key={item.id}>
              <td>{storeTime(item.serverTime)}</td>
              <td>{item.kind}</td>
              <td>
                {formatNumber(item.points)} {item.rewardPoint}
              </td>
              <td>{item.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
