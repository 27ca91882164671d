import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { MoneyTender, PointsTender } from '../../../shared/checkout/receipt';
import type { SaleReward } from '../../../shared/checkout/saleReward';

export interface BasketItem {
  readonly id: string;
  readonly product: string;
  readonly quantity: number;
}

/** What a basket holds: enough to suspend it and take it up again, here or after a reload. */
export interface BasketContent {
  /** The sale's own id, chosen when the basket opens: completing it twice writes it once. */
  readonly saleId: string;
  readonly card: string | null;
  readonly items: readonly BasketItem[];
  readonly pointsTenders: readonly PointsTender[];
  readonly moneyTenders: readonly MoneyTender[];
  /** The reward of the catalogue applied, reserved like a points tender (absent: none). */
  readonly reward?: SaleReward | null;
}

interface BasketState extends BasketContent {
  /** The line the line keys act on (the last one scanned unless the cashier moved). */
  readonly selected: string | null;
  /** The last completed sale, shown as its receipt until the next sale starts. */
  readonly completed: string | null;
  setCard(card: string | null): void;
  addProduct(product: string, quantity?: number): void;
  setQuantity(id: string, quantity: number): void;
  removeItem(id: string): void;
  select(id: string | null): void;
  moveSelection(step: 1 | -1): void;
  addPointsTender(tender: PointsTender): void;
  addMoneyTender(tender: MoneyTender): void;
  setReward(reward: SaleReward | null): void;
  removeTender(id: string): void;
  clearTenders(): void;
  finish(saleId: string): void;
  startNew(): void;
  /** Takes up a suspended basket (the current one must be empty). */
  resume(content: BasketContent): void;
}

const fresh = (): BasketContent => ({
  saleId: crypto.randomUUID(),
  card: null,
  items: [],
  pointsTenders: [],
  moneyTenders: [],
  reward: null,
});

let nextLine = 0;
const lineId = (items: readonly BasketItem[]) => {
  nextLine = Math.max(nextLine, ...items.map((item) => Number(item.id))) + 1;
  return String(nextLine);
};

export const hasContent = (basket: BasketContent): boolean =>
  basket.items.length > 0 ||
  basket.pointsTenders.length > 0 ||
  basket.moneyTenders.length > 0 ||
  Boolean(basket.reward);

/** Points or money taken for the basket: its lines and card stay as they are until those go. */
export const hasTakings = (basket: BasketContent): boolean =>
  basket.pointsTenders.length > 0 || basket.moneyTenders.length > 0 || Boolean(basket.reward);

export const contentOf = (state: BasketContent): BasketContent => ({
  saleId: state.saleId,
  card: state.card,
  items: state.items,
  pointsTenders: state.pointsTenders,
  moneyTenders: state.moneyTenders,
  reward: state.reward ?? null,
});

/**
 * The basket in progress: UI state, kept in the page's local storage so a reload or a renderer
 * crash in the middle of a sale brings it back. Tenders already reserved on the server stay with
 * it, so a retried sale never reserves twice.
 */
export const useBasket = create<BasketState>()(
  persist(
    (set) => ({
      ...fresh(),
      selected: null,
      completed: null,
      setCard: (card) => set({ card, pointsTenders: [], reward: null }),
      addProduct: (product, quantity = 1) =>
        set((state) => {
          const existing = state.items.find((item) => item.product === product);
          if (existing)
            return {
              items: state.items.map((item) =>
                item === existing ? { ...item, quantity: item.quantity + quantity } : item,
              ),
              selected: existing.id,
              completed: null,
            };
          const id = lineId(state.items);
          return {
            items: [...state.items, { id, product, quantity }],
            selected: id,
            completed: null,
          };
        }),
      setQuantity: (id, quantity) =>
        set((state) => ({
          items: state.items.map((item) => (item.id === id ? { ...item, quantity } : item)),
        })),
      removeItem: (id) =>
        set((state) => {
          const items = state.items.filter((item) => item.id !== id);
          return { items, selected: items.at(-1)?.id ?? null };
        }),
      select: (selected) => set({ selected }),
      moveSelection: (step) =>
        set((state) => {
          if (state.items.length === 0) return {};
          const at = state.items.findIndex((item) => item.id === state.selected);
          const from = at < 0 ? state.items.length : at;
          const to = Math.min(state.items.length - 1, Math.max(0, from + step));
          return { selected: state.items[to]?.id ?? null };
        }),
      addPointsTender: (tender) =>
        set((state) => ({ pointsTenders: [...state.pointsTenders, tender] })),
      addMoneyTender: (tender) =>
        set((state) => ({ moneyTenders: [...state.moneyTenders, tender] })),
      setReward: (reward) => set({ reward }),
      removeTender: (id) =>
        set((state) => ({
          pointsTenders: state.pointsTenders.filter((tender) => tender.id !== id),
          moneyTenders: state.moneyTenders.filter((tender) => tender.id !== id),
        })),
      clearTenders: () => set({ moneyTenders: [] }),
      finish: (saleId) => set({ ...fresh(), selected: null, completed: saleId }),
      startNew: () => set({ ...fresh(), selected: null, completed: null }),
      resume: (content) =>
        set({ ...content, selected: content.items.at(-1)?.id ?? null, completed: null }),
    }),
    { name: 'register-basket', storage: createJSONStorage(() => localStorage) },
  ),
);
