import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeOf, maskedCardNumber, receiptNumber } from '../../../shared/checkout/receipt';
import type { SaleFact } from '../../../shared/protocol/sync';
import { minor } from '../../../shared/units/integers';
import { formatAmount, parseAmount } from '../../../shared/units/money';
import { formatMoney } from '../../common/i18n';
import type { CardInfo } from '../cards/cardInfo';
import { byRewardPoint, pointsText } from '../cards/pointsText';
import type { RegisterDb } from '../localdb/schema';
import { useStoreTime } from '../storeTime';
import { usePrintKey } from './printKey';
import { ReceiptBarcode } from './ReceiptBarcode';
import { ReceiptVat } from './ReceiptVat';

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
  store,
  card,
  names,
  rewardName,
  onPrint,
  returnOf,
}: {
  fact: SaleFact;
  /** A return's receipt names the receipt it returns (its printed number), when known. */
  returnOf?: string | undefined;
  /** The store as it heads the receipt: its name and address. */
  store: { readonly name: string; readonly address?: string | null | undefined };
  card: CardInfo | null;
  names: (product: string) => string;
  /** A reward of the catalogue by its id, as the store was sent it. */
  rewardName: (id: string) => string;
  onPrint: () => void;
}) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  usePrintKey(onPrint);
  const { receipt } = fact;
  const money = (text: string) =>
    formatMoney(parseAmount(text, receipt.currency), receipt.currency);
  const earned = byRewardPoint(receipt.entries.filter((entry) => entry.kind === 'earn'));
  const spent = byRewardPoint(
    receipt.entries
      .filter((entry) => entry.kind === 'redeem')
      .map((entry) => ({ ...entry, points: -entry.points })),
  );
  const balance = card
    ? Object.fromEntries(
        [...new Set([...Object.keys(card.balances), ...Object.keys(card.pending)])].map((rp) => [
          rp,
          (card.balances[rp]?.available ?? 0) + (card.pending[rp] ?? 0) - (card.spent[rp] ?? 0),
        ]),
      )
    : null;
  // A line shows its price before the reward, and the reward its discount under it.
  const beforeReward = (line: (typeof receipt.lines)[number]) =>
    formatAmount(
      minor(
        parseAmount(line.netAmount, receipt.currency) +
          (line.reward ? parseAmount(line.reward.discount, receipt.currency) : 0),
      ),
      receipt.currency,
    );
  const isReturn = receipt.returnOf !== null;
  const minus = (points: Record<string, number>) =>
    Object.fromEntries(Object.entries(points).map(([rp, pts]) => [rp, -pts]));
  // A return takes back what its lines earned and gives back what its rewards took: each shown
  // with the sign opposite to the sale's.
  const earnedBy = (points: Record<string, number>) => (isReturn ? minus(points) : points);
  const takenBy = (points: Record<string, number>) => (isReturn ? points : minus(points));
  const change = isReturn ? 0 : changeOf(receipt);
  const reversed = byRewardPoint(receipt.entries);
  return (
    <article className="panel receipt" aria-label={t('register.receipt.title')}>
      <header className="receipt-store" data-testid="receipt-store">
        <strong>{store.name}</strong>
        {store.address && <span>{store.address}</span>}
      </header>
      <h2>{isReturn ? t('register.receipt.returnTitle') : t('register.receipt.title')}</h2>
      <p data-testid="receipt-number">
        {t('register.receipt.number', { number: receiptNumber(fact) })}
      </p>
      {isReturn && returnOf && (
        <p data-testid="receipt-return-of">
          {t('register.returns.returnOf', { number: returnOf })}
        </p>
      )}
      <p>
        {storeTime(fact.deviceTime)} · {fact.store} / {fact.register} · {receipt.staff}
      </p>
      {receipt.card && (
        <p data-testid="receipt-card">
          {t('register.receipt.card', { number: maskedCardNumber(receipt.card) })}
        </p>
      )}
      <table>
        <tbody>
          {receipt.lines.map((line) => (
            <Fragment key={line.id}>
              <tr>
                <th scope="row">
                  {line.quantity} × {names(line.product)}
                </th>
                <td>{money(beforeReward(line))}</td>
                {/* Without a card nothing is earned: no column of zeros on the customer's paper. */}
                {receipt.card && <td>{pointsText(earnedBy(line.earned))}</td>}
              </tr>
              {line.reward && receipt.reward && (
                <tr className="reward-line" data-testid={`receipt-reward-${line.id}`}>
                  <th scope="row">
                    {t('register.receipt.reward', { name: rewardName(receipt.reward.id) })}
                  </th>
                  <td>
                    {formatMoney(
                      -parseAmount(line.reward.discount, receipt.currency),
                      receipt.currency,
                    )}
                  </td>
                  <td>{pointsText(takenBy(line.reward.points))}</td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <ReceiptVat receipt={receipt} />
      <p>{t('register.receipt.total', { amount: money(receipt.total) })}</p>
      <ul>
        {receipt.tenders.map((tender) => (
          <li key={tender.id}>
            {t(`register.tender.${tender.kind === 'points' ? 'pointsKind' : tender.kind}`)}:{' '}
            {money(tender.amount)}
          </li>
        ))}
        {change > 0 && (
          <li data-testid="receipt-change">
            {t('register.receipt.change', {
              amount: formatMoney(change, receipt.currency),
            })}
          </li>
        )}
      </ul>
      {receipt.card && (
        <p data-testid="receipt-points">
          {isReturn
            ? t('register.receipt.reversed', { points: pointsText(reversed) })
            : // Online or not, a sale's points are posted by head office's job: pending until then.
              t('register.receipt.earnedPending', { points: pointsText(earned) })}
          {Object.keys(spent).length > 0 &&
            ` · ${t('register.receipt.spent', { points: pointsText(spent) })}`}
          {balance !== null &&
            ` · ${t('register.receipt.balance', { points: pointsText(balance) })}`}
        </p>
      )}
      <ReceiptBarcode number={receiptNumber(fact)} />
      <button type="button" onClick={onPrint}>
        {t('register.receipt.print')} <kbd>Ctrl+P</kbd>
      </button>
    </article>
  );
}
