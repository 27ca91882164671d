/** Prints the receipt on screen: the desktop app prints silently, a browser opens its dialog. */
export async function printReceipt(): Promise<void> {
  window.print();
}
