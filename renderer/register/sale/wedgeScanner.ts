import { useEffect, useRef } from 'react';

/** A keyboard-wedge scanner types faster than any hand: on average this gap or less between keys. */
const SCAN_AVERAGE_GAP_MS = 80;
/** No gap within one scan is longer than this (a busy machine may delay a key or two). */
const SCAN_MAX_GAP_MS = 300;
/** The shortest code taken as a scan when it was typed into another field (EAN-8, card numbers). */
const SCAN_MIN_LENGTH = 8;

const isTextField = (target: EventTarget | null): target is HTMLInputElement =>
  target instanceof HTMLInputElement &&
  !['button', 'checkbox', 'radio', 'submit'].includes(target.type);

const dialogOpen = () => document.querySelector('dialog[open]') !== null;

/** Sets a React-controlled input's value as typing would, so React's state follows. */
function restoreValue(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

interface Burst {
  target: HTMLInputElement;
  valueBefore: string;
  code: string;
  first: number;
  last: number;
}

const isScan = (burst: Burst, enterAt: number) =>
  burst.code.length >= SCAN_MIN_LENGTH &&
  enterAt - burst.last <= SCAN_MAX_GAP_MS &&
  (enterAt - burst.first) / burst.code.length <= SCAN_AVERAGE_GAP_MS;

/**
 * Takes a scan wherever focus is. Keys typed while nothing editable has focus go to the scan
 * field. A fast burst ending in Enter typed into another field (the amount, a search) is a scan
 * when it is a product's code or a card number: that field gets its text back and the code goes
 * to `onScan`.
 */
export function useWedgeScanner(
  scanField: { current: HTMLInputElement | null },
  type: (char: string) => void,
  onScan: (code: string) => void,
  /** Whether a code is one the sale takes (a product or a card): anything else stays typed. */
  isCode: (code: string) => boolean,
) {
  const handlers = useRef({ type, onScan, isCode });
  handlers.current = { type, onScan, isCode };
  useEffect(() => {
    let burst: Burst | null = null;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || dialogOpen()) return;
      const field = scanField.current;
      if (!field || event.target === field) return;
      const now = event.timeStamp;
      if (event.key.length === 1 && !isTextField(event.target)) {
        // Nothing to type into: the scan field takes the key (and the rest of a scan after it).
        event.preventDefault();
        field.focus();
        handlers.current.type(event.key);
        return;
      }
      if (!isTextField(event.target)) return;
      if (event.key.length === 1) {
        const target = event.target;
        if (!burst || burst.target !== target || now - burst.last > SCAN_MAX_GAP_MS)
          burst = { target, valueBefore: target.value, code: '', first: now, last: now };
        burst.code += event.key;
        burst.last = now;
        return;
      }
      if (event.key !== 'Enter') return;
      const scan = burst;
      burst = null;
      if (!scan || scan.target !== event.target || !isScan(scan, now)) return;
      // Fast typing of a search (a name, a phone number) is left to its field.
      if (!handlers.current.isCode(scan.code)) return;
      event.preventDefault();
      event.stopPropagation();
      restoreValue(scan.target, scan.valueBefore);
      field.focus();
      handlers.current.onScan(scan.code);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [scanField]);
}

/**
 * Focus goes back to the scan field after every click on the screen that was not into a field,
 * so the next scan lands where it should.
 */
export function useFocusHome(scanField: { current: HTMLInputElement | null }) {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (isTextField(event.target) || event.target instanceof HTMLSelectElement) return;
      requestAnimationFrame(() => {
        if (dialogOpen() || isTextField(document.activeElement)) return;
        if (document.activeElement instanceof HTMLSelectElement) return;
        scanField.current?.focus();
      });
    };
    window.addEventListener('click', onClick);
    return () => window.removeEventListener('click', onClick);
  }, [scanField]);
}
