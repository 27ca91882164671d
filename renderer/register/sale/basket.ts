import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { MoneyTender, PointsTender } from '../../../shared/checkout/receipt';

export interface BasketItem {
  readonly id: string;
  readonly product: string;
  readonly quantity: number;
}

interface BasketState {
  /** The sale's own id, chosen when the basket opens: completing it twice writes it once. */
  readonly saleId: string;
  readonly card: string | null;
  readonly items: readonly BasketItem[];
  readonly pointsTenders: readonly PointsTender[];
  readonly moneyTenders: readonly MoneyTender[];
  /** The last completed sale, shown as its receipt until the next sale starts. */
  readonly completed: string | null;
  setCard(card: string | null): void;
  addProduct(product: string): void;
  setQuantity(id: string, quantity: number): void;
  removeItem(id: string): void;
  addPointsTender(tender: PointsTender): void;
  addMoneyTender(tender: MoneyTender): void;
  clearTenders(): void;
  finish(saleId: string): void;
  startNew(): void;
}

const fresh = () => ({
  saleId: crypto.randomUUID(),
  card: null,
  items: [],
  pointsTenders: [],
  moneyTenders: [],
});

let nextLine = 0;
const lineId = (items: readonly BasketItem[]) => {
  nextLine = Math.max(nextLine, ...items.map((item) => Number(item.id))) + 1;
  return String(nextLine);
};

/**
 * The basket in progress: UI state, kept in the page's local storage so a reload or a renderer
 * crash in the middle of a sale brings it back. Tenders already reserved on the server stay with
 * it, so a retried sale never reserves twice.
 */
export const useBasket = create<BasketState>()(
  persist(
    (set) => ({
      ...fresh(),
      completed: null,
      setCard: (card) => set({ card, pointsTenders: [] }),
      addProduct: (product) =>
        set((state) => {
          const existing = state.items.find((item) => item.product === product);
          const items = existing
            ? state.items.map((item) =>
                item === existing ? { ...item, quantity: item.quantity + 1 } : item,
              )
            : [...state.items, { id: lineId(state.items), product, quantity: 1 }];
          return { items, completed: null };
        }),
      setQuantity: (id, quantity) =>
        set((state) => ({
          items: state.items.map((item) => (item.id === id ? { ...item, quantity } : item)),
        })),
      removeItem: (id) => set((state) => ({ items: state.items.filter((item) => item.id !== id) })),
      addPointsTender: (tender) =>
        set((state) => ({ pointsTenders: [...state.pointsTenders, tender] })),
      addMoneyTender: (tender) =>
        set((state) => ({ moneyTenders: [...state.moneyTenders, tender] })),
      clearTenders: () => set({ moneyTenders: [] }),
      finish: (saleId) => set({ ...fresh(), completed: saleId }),
      startNew: () => set({ ...fresh(), completed: null }),
    }),
    { name: 'register-basket', storage: createJSONStorage(() => localStorage) },
  ),
);
