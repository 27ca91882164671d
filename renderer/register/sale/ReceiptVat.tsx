import { useTranslation } from 'react-i18next';
import { receiptVat } from '../../../shared/checkout/receiptVat';
import type { SaleFact } from '../../../shared/protocol/sync';
import { formatMoney, formatPercent } from '../../common/i18n';

/**
 * The receipt's VAT per rate: what each rate's lines hold net, in VAT and together; on a return
 * receipt, the VAT refunded with the returned lines.
 */
export function ReceiptVat({ receipt }: { receipt: SaleFact['receipt'] }) {
  const { t, i18n } = useTranslation();
  const parts = receiptVat(receipt);
  // A return receipt states its amounts as refunded, positive as its lines, total and tenders.
  const money = (minor: number) => formatMoney(minor, receipt.currency);
  return (
    <table className="receipt-vat" data-testid="receipt-vat">
      <thead>
        <tr>
          <th scope="col">{t('register.receipt.vatRate')}</th>
          <th scope="col">{t('register.receipt.vatNet')}</th>
          <th scope="col">{t('register.receipt.vat')}</th>
          <th scope="col">{t('register.receipt.vatGross')}</th>
        </tr>
      </thead>
      <tbody>
        {parts.map((part) => (
          <tr key={part.rate} data-rate={part.rate}>
            <th scope="row">{formatPercent(part.rate, i18n.language)}</th>
            <td>{money(part.net)}</td>
            <td>{money(part.vat)}</td>
            <td>{money(part.gross)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
