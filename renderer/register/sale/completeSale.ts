import type { PricedLine } from '../../../shared/checkout/pricing';
import {
  buildSaleReceipt,
  type LoyaltySetup,
  type MoneyTender,
  type PointsTender,
} from '../../../shared/checkout/receipt';
import type { SaleReward } from '../../../shared/checkout/saleReward';
import type { SaleFact } from '../../../shared/protocol/sync';
import type { CardInfo } from '../cards/cardInfo';
import type { SyncEngine } from '../sync/engine';

export interface CompletedSale {
  readonly saleId: string;
  readonly staff: string;
  readonly card: CardInfo | null;
  /** The schemes, worked out at `at`: the device time the sale is recorded at. */
  readonly loyalty: LoyaltySetup;
  readonly at: number;
  readonly lines: readonly PricedLine[];
  readonly pointsTenders: readonly PointsTender[];
  readonly moneyTenders: readonly MoneyTender[];
  readonly reward: SaleReward | null;
}

/**
 * Records the sale: the receipt with its ledger entries, written with its outbox row in one local
 * transaction under the basket's sale id (a second completion of the same basket writes nothing).
 */
export async function completeSale(engine: SyncEngine, sale: CompletedSale): Promise<SaleFact> {
  const card = sale.card && sale.card.status === 'active' ? sale.card : null;
  const receipt = buildSaleReceipt(sale.loyalty, {
    staff: sale.staff,
    card: card ? { number: card.number, standing: card.standing } : null,
    lines: sale.lines,
    pointsTenders: sale.pointsTenders,
    moneyTenders: sale.moneyTenders,
    reward: sale.reward,
    offline: !engine.getState().online,
    newId: () => crypto.randomUUID(),
  });
  const fact = await engine.recordFact({ id: sale.saleId, type: 'sale', receipt }, sale.at);
  if (fact.type !== 'sale') throw new Error(`fact ${sale.saleId} is not a sale`);
  return fact;
}
