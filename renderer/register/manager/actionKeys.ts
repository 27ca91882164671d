import { useEffect, type RefObject } from 'react';

/** The digit of Alt+1 to Alt+9 (by the key's place, whatever the keyboard's layout), or null. */
export function altDigit(event: KeyboardEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1];
  return digit === undefined ? null : Number(digit);
}

/**
 * Alt+1 to Alt+9 press the button in `actions` that shows that key, as a click would: a disabled
 * one (offline, busy, or nothing to award) does nothing. The button is found by the key it shows
 * (ShortcutButton's `data-shortcut`), never by its place, so moving an action on the screen cannot
 * make the key pressed and the key shown disagree. A held key presses once: its repeats would
 * issue a second card.
 */
export function useActionKeys(actions: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const digit = altDigit(event);
      if (digit === null) return;
      event.preventDefault();
      if (event.repeat) return;
      actions.current
        ?.querySelector<HTMLButtonElement>(`button[data-shortcut="${digit}"]`)
        ?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
