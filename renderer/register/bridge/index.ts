import { MAX_FACTS_PER_PUSH, type Fact } from '../../../shared/protocol/sync';
import type { BridgeResult, JournalExportOutcome, RegisterBridge } from './api';

export type * from './api';

/** What the register says when it runs in a plain browser, without the desktop shell. */
export const BROWSER_FALLBACK_NOTICE =
  'Running in a browser: receipts print through the print dialog, and no journal of unsynced facts is kept outside the browser.';

const CAPABILITIES = [
  'readIdentity',
  'setServerUrl',
  'saveEnrolment',
  'printReceipt',
  'journalFacts',
  'journalSynced',
  'exportJournal',
] as const;

function isBridge(value: unknown): value is RegisterBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate['version'] === 1 &&
    CAPABILITIES.every((name) => typeof candidate[name] === 'function')
  );
}

/** The desktop shell's bridge, or null in a plain browser. */
export function desktopBridge(): RegisterBridge | null {
  const candidate = (globalThis as { registerBridge?: unknown }).registerBridge;
  return isBridge(candidate) ? candidate : null;
}

export function bridgeStatus(): 'desktop' | 'browser' {
  return desktopBridge() ? 'desktop' : 'browser';
}

let noticeShown = false;

/** Says once, in the console, which parts fall back because the shell is absent. */
function noteFallback(): void {
  if (noticeShown) return;
  noticeShown = true;
  console.info(BROWSER_FALLBACK_NOTICE);
}

function valueOf<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/**
 * Prints in the browser: the receipt alone in a hidden frame where nothing of it can run, through
 * the print dialog; the whole page with `window.print()` when the frame cannot print. Settles once
 * the dialog has closed (the frame, focused to print, is gone: the caller puts focus back).
 */
function printInBrowser(html: string): Promise<void> {
  return new Promise((printed) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    frame.style.position = 'fixed';
    frame.style.width = '0';
    frame.style.height = '0';
    frame.style.border = '0';
    frame.srcdoc = html;
    document.body.append(frame);
    const printFrame = () => {
      try {
        if (!frame.contentWindow) throw new Error('the receipt frame did not open');
        frame.contentWindow.focus();
        frame.contentWindow.print();
      } catch {
        window.print();
      } finally {
        frame.remove();
        printed();
      }
    };
    frame.addEventListener('load', printFrame, { once: true });
  });
}

/** Prints a receipt: silently or with a dialog through the shell, with the print dialog otherwise. */
export async function printReceipt(html: string): Promise<void> {
  const bridge = desktopBridge();
  if (bridge) {
    valueOf(await bridge.printReceipt(html));
    return;
  }
  noteFallback();
  await printInBrowser(html);
}

/** Writes facts to the shell's journal (on disk once this resolves); nothing in a browser. */
export async function journalFacts(facts: Fact[]): Promise<void> {
  const bridge = desktopBridge();
  if (!bridge) return noteFallback();
  for (let start = 0; start < facts.length; start += MAX_FACTS_PER_PUSH)
    valueOf(await bridge.journalFacts(facts.slice(start, start + MAX_FACTS_PER_PUSH)));
}

/** Tells the journal which facts the server confirmed; nothing in a browser. */
export async function journalSynced(ids: string[]): Promise<void> {
  const bridge = desktopBridge();
  if (!bridge || ids.length === 0) return;
  valueOf(await bridge.journalSynced(ids));
}

/** Exports the journal to a file the cashier chooses; null when cancelled or in a browser. */
export async function exportJournal(): Promise<JournalExportOutcome | null> {
  const bridge = desktopBridge();
  if (!bridge) return null;
  return valueOf(await bridge.exportJournal());
}
