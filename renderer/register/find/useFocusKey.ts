import { useEffect, type RefObject } from 'react';

/** Puts focus in the field when its function key is pressed, wherever focus was. */
export function useFocusKey(key: string, input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== key) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, input]);
}
