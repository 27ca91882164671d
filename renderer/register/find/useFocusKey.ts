import { useEffect, type RefObject } from 'react';

/** `F7` or `Shift+F7`, as the key event says it. */
const keyName = (event: KeyboardEvent) => (event.shiftKey ? `Shift+${event.key}` : event.key);

/** Puts focus in the field (or on the button) when its function key is pressed, wherever focus was. */
export function useFocusKey(
  key: string,
  input: RefObject<HTMLInputElement | HTMLButtonElement | null>,
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (keyName(event) !== key) return;
      event.preventDefault();
      input.current?.focus();
      if (input.current instanceof HTMLInputElement) input.current.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, input]);
}
