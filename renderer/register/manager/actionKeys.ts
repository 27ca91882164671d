import { useEffect, type RefObject } from 'react';

/** The digit of Alt+1 to Alt+9 (by the key's place, whatever the keyboard's layout), or null. */
export function altDigit(event: KeyboardEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1];
  return digit === undefined ? null : Number(digit);
}

/**
 * Alt+1 to Alt+9 press the button of the manager's action at that place in `actions`, as a click
 * would: a disabled one (offline, or nothing to award) does nothing.
 */
export function useActionKeys(actions: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const digit = altDigit(event);
      if (digit === null) return;
      event.preventDefault();
      const forms = actions.current?.querySelectorAll('form.action') ?? [];
      forms[digit - 1]?.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
