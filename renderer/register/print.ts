import { printReceipt as printThroughShell } from './bridge';

/** Prints the receipt shown on screen: silently by the desktop shell, else the print dialog. */
export async function printReceipt(): Promise<void> {
  const receipt = document.querySelector('.receipt');
  if (!receipt) return;
  const styles = [...document.querySelectorAll('style, link[rel="stylesheet"]')]
    .map((sheet) => sheet.outerHTML)
    .join('');
  const html = `<!doctype html><html lang="${document.documentElement.lang}"><head><meta charset="utf-8">${styles}</head><body>${receipt.outerHTML}</body></html>`;
  await printThroughShell(html);
}
