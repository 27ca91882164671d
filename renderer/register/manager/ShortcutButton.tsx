import type { ReactNode } from 'react';

/**
 * A button on Alt and a digit: the key it shows and the key that presses it (useActionKeys) come
 * from the one `shortcut`, so they cannot disagree. It submits its form, or with `onClick` it is a
 * plain button that does that.
 */
export function ShortcutButton({
  shortcut,
  disabled = false,
  className,
  onClick,
  children,
}: {
  /** 1 to 9: Alt and this digit press the button. */
  shortcut: number;
  disabled?: boolean;
  className?: string;
  onClick?: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type={onClick ? 'button' : 'submit'}
      className={className}
      disabled={disabled}
      data-shortcut={shortcut}
      onClick={onClick}
    >
      {children} <kbd>Alt+{shortcut}</kbd>
    </button>
  );
}
