import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../common/i18n';
import { factsWithStatus, REFUSED } from '../localdb/facts';
import type { FactRow, RegisterDb } from '../localdb/schema';

/**
 * The facts the server refused, with its reasons: kept here and on head office's review list. A
 * sale whose points alone were refused is kept (and returnable); the list says so.
 */
export function RejectedFacts({ db, count }: { db: RegisterDb; count: number }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<FactRow[]>([]);
  useEffect(() => {
    if (count === 0) return setRows([]);
    void factsWithStatus(db, ...REFUSED).then(setRows);
  }, [db, count]);
  if (rows.length === 0) return null;
  return (
    <section className="rejected" aria-label={t('register.rejected.title', { count: rows.length })}>
      <h3>{t('register.rejected.title', { count: rows.length })}</h3>
      <ul aria-label={t('register.rejected.list')}>
        {rows.map((row) => (
          <li key={row.id}>
            {formatDateTime(row.recordedAt)} ·{' '}
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
