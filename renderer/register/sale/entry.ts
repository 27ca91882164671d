import { create } from 'zustand';

/** A message said again in the register's language at each render (a language change follows). */
export type Said = () => string;

export interface EntryMessage {
  readonly text: Said;
  readonly tone: 'error' | 'info';
}

interface EntryState {
  /** What is in the scan field now. */
  readonly scan: string;
  /** The last refusal or note: it stays on screen after the field is cleared. */
  readonly message: EntryMessage | null;
  /** A quantity typed as `3*`, for the next product scanned. */
  readonly quantity: number | null;
  /** The amount typed for the next tender (the tender panel's field or its numpad). */
  readonly amount: string;
  setScan(scan: string): void;
  type(char: string): void;
  say(message: EntryMessage | null): void;
  setQuantity(quantity: number | null): void;
  setAmount(amount: string): void;
  /** Clears what was typed (the message stays). */
  clear(): void;
}

/** The sale screen's one line of entry, shared by the scan field, the keys and the tenders. */
export const useEntry = create<EntryState>()((set) => ({
  scan: '',
  message: null,
  quantity: null,
  amount: '',
  setScan: (scan) => set({ scan }),
  type: (char) => set((state) => ({ scan: state.scan + char })),
  say: (message) => set({ message }),
  setQuantity: (quantity) => set({ quantity }),
  setAmount: (amount) => set({ amount }),
  clear: () => set({ scan: '', amount: '' }),
}));
