import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleFact } from '../../../shared/protocol/sync';
import { parseAmount } from '../../../shared/units/money';
import { formatDateTime, formatMoney, formatNumber } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';

const sumPoints = (record: Readonly<Record<string, number>>) =>
  Object.values(record).reduce((a, b) => a + b, 0);

/** Reads a recorded sale back from the register's own database. */
export function useSaleFact(db: RegisterDb, id: string | null): SaleFact | null {
  const [fact, setFact] = useState<SaleFact | null>(null);
  useEffect(() => {
    if (!id) return setFact(null);
    let current = true;
    void db.facts.get(id).then((row) => {
      if (current) setFact(row?.fact.type === 'sale' ? row.fact : null);
    });
    return () => {
      current = false;
    };
  }, [db, id]);
  return fact;
}

/** The printable receipt: lines, tenders, points earned (pending until posted) and the balance. */
export function Receipt({
  fact,
  card,
  names,
  onPrint,
}: {
  fact: SaleFact;
  card: CardInfo | null;
  names: (product: string) => string;
  onPrint: () => void;
}) {
  const { t } = useTranslation();
  const { receipt } = fact;
  const money = (text: string) =>
    formatMoney(parseAmount(text, receipt.currency), receipt.currency);
  const earned = receipt.entries
    .filter((entry) => entry.kind === 'earn')
    .reduce((sum, entry) => sum + entry.points, 0);
  const spent = -receipt.entries
    .filter((entry) => entry.kind === 'redeem')
    .reduce((sum, entry) => sum + entry.points, 0);
  const balance = card
    ? Object.values(card.balances).reduce((sum, b) => sum + b.available, 0) +
      sumPoints(card.pending)
    : null;
  const isReturn = receipt.returnOf !== null;
  const reversed = receipt.entries.reduce((sum, entry) => sum + entry.points, 0);
  return (
    <article className="panel receipt" aria-label={t('register.receipt.title')}>
      <h2>{isReturn ? t('register.receipt.returnTitle') : t('register.receipt.title')}</h2>
      <p>
        {formatDateTime(fact.deviceTime)} · {fact.store} / {fact.register} · {receipt.staff}
      </p>
      <table>
        <tbody>
          {receipt.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">
                {line.quantity} × {names(line.product)}
              </th>
              <td>{money(line.netAmount)}</td>
              <td>{t('register.receipt.linePoints', { points: sumPoints(line.earned) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('register.receipt.total', { amount: money(receipt.total) })}</p>
      <ul>
        {receipt.tenders.map((tender) => (
          <li key={tender.id}>
            {t(`register.tender.${tender.kind === 'points' ? 'pointsKind' : tender.kind}`)}:{' '}
            {money(tender.amount)}
          </li>
        ))}
      </ul>
      {receipt.card && (
        <p data-testid="receipt-points">
          {isReturn
            ? t('register.receipt.reversed', { points: formatNumber(reversed) })
            : t(receipt.offline ? 'register.receipt.earnedPending' : 'register.receipt.earned', {
                points: formatNumber(earned),
              })}
          {spent > 0 && ` · ${t('register.receipt.spent', { points: formatNumber(spent) })}`}
          {balance !== null &&
            ` · ${t('register.receipt.balance', { points: formatNumber(balance) })}`}
        </p>
      )}
      <button type="button" onClick={onPrint}>
        {t('register.receipt.print')}
      </button>
    </article>
  );
}
