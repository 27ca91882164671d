import { useEffect, useRef } from 'react';

/** Ctrl+P (Cmd+P on a Mac): the key every browser and office program prints with. */
export const isPrintKey = (event: KeyboardEvent): boolean =>
  (event.ctrlKey || event.metaKey) &&
  !event.altKey &&
  !event.shiftKey &&
  event.key.toLowerCase() === 'p';

/**
 * Prints the receipt on screen on Ctrl+P, instead of the browser printing the whole page; held
 * down, it prints once. Not while a dialog holds the keys.
 */
export function usePrintKey(print: () => void) {
  const current = useRef(print);
  current.current = print;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isPrintKey(event)) return;
      event.preventDefault();
      if (event.repeat || document.querySelector('dialog[open]')) return;
      current.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
