import { useEffect, useRef } from 'react';

/** The sale screen's keys; each is also shown on its button. */
export type SaleKey =
  | 'voidLine'
  | 'voidSale'
  | 'card'
  | 'scan'
  | 'cash'
  | 'cardPayment'
  | 'complete'
  | 'points'
  | 'suspend'
  | 'recall';

const KEYS: Record<string, SaleKey> = {
  F4: 'voidLine',
  'Shift+F4': 'voidSale',
  F6: 'card',
  F7: 'scan',
  F8: 'cash',
  'Shift+F8': 'cardPayment',
  F9: 'complete',
  F10: 'points',
  F11: 'suspend',
  'Shift+F11': 'recall',
};

export const keyOf = (event: KeyboardEvent): SaleKey | undefined =>
  KEYS[event.shiftKey ? `Shift+${event.key}` : event.key];

/** Calls the action of a sale key wherever focus is (not while a dialog holds the keys). */
export function useSaleKeys(actions: Record<SaleKey, () => void>) {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const key = keyOf(event);
      if (!key) return;
      event.preventDefault();
      // One press, one action: a key held down does not complete a sale and skip its receipt.
      if (event.repeat || document.querySelector('dialog[open]')) return;
      current.current[key]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
