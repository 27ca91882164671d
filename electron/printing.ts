import type { ShellSettings } from './settings';

/** Receipts hold no scripts, fetch nothing and load no fonts: only their own markup and styles. */
export const RECEIPT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const RECEIPT_STYLE = `@page { margin: 4mm; }
body { font-family: monospace; font-size: 11pt; margin: 0; }`;

/**
 * The document a receipt is printed from. A fragment is wrapped in a page of its own; any document
 * gets the receipt's content security policy first in its head, so nothing in it can run.
 */
export function receiptDocument(html: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="${RECEIPT_CSP}">`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.replace(head[0], `${head[0]}${policy}`);
  return `<!doctype html><html><head><meta charset="utf-8">${policy}<style>${RECEIPT_STYLE}</style></head><body>${html}</body></html>`;
}

export function receiptUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(receiptDocument(html))}`;
}

/** The options for Electron's `webContents.print`, from the shop's printer settings. */
export function printOptions(printer: ShellSettings['printer']) {
  return {
    silent: printer.silent,
    printBackground: true,
    ...(printer.name ? { deviceName: printer.name } : {}),
  };
}

/** The largest receipt accepted over the bridge: far above any real one. */
export const MAX_RECEIPT_CHARS = 1_000_000;
