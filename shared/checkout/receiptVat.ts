import type { SaleFact } from '../protocol/sync';
import { parseAmount } from '../units/money';
import { vatByRate, type VatPart } from '../units/vat';

type ReceiptLines = Pick<SaleFact['receipt'], 'currency' | 'lines'>;

/**
 * A receipt's VAT per rate, from its lines' amounts as paid (VAT included). A line of an older
 * receipt without a rate counts at 0 %.
 */
export function receiptVat(receipt: ReceiptLines): VatPart[] {
  return vatByRate(
    receipt.lines.map((line) => ({
      gross: parseAmount(line.netAmount, receipt.currency),
      rate: line.vatRate ?? 0,
    })),
  );
}
