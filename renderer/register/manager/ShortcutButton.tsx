import type { ReactNode } from 'react';

/**
 * A form's submit button on Alt and a digit: the key it shows and the key that presses it
 * (useActionKeys) come from the one `shortcut`, so they cannot disagree.
 */
export function ShortcutButton({
  shortcut,
  disabled = false,
  className,
  children,
}: {
  /** 1 to 9: Alt and this digit press the button. */
  shortcut: number;
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button type="submit" className={className} disabled={disabled} data-shortcut={shortcut}>
      {children} <kbd>Alt+{shortcut}</kbd>
    </button>
  );
}
