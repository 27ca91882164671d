import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { factsWithStatus, REFUSED } from '../localdb/facts';
import type { RegisterDb } from '../localdb/schema';
import { useStoreTime } from '../storeTime';

/**
 * The facts the server refused, with its reasons: kept here and on head office's review list. A
 * sale whose points alone were refused is kept (and returnable); the list says so.
 */
export function RejectedFacts({ db }: { db: RegisterDb }) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  // A live query: the list follows the facts table as the sync engine marks facts refused.
  const rows = useLiveQuery(() => factsWithStatus(db, ...REFUSED), [db]) ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="rejected" aria-label={t('register.rejected.title', { count: rows.length })}>
      <h3>{t('register.rejected.title', { count: rows.length })}</h3>
      <ul aria-label={t('register.rejected.list')}>
        {rows.map((row) => (
          <li key={row.id}>
            {storeTime(row.recordedAt)} ·{' '}
            {row.status === 'loyaltyRejected'
              ? t('register.rejected.loyaltyOnly')
              : t(`register.rejected.type.${row.type}`)}{' '}
            · {row.reason}
          </li>
        ))}
      </ul>
      <p className="hint">{t('register.rejected.hint')}</p>
    </section>
  );
}
