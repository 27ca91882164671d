import type { Page } from 'playwright-core';

/** The cashier's moves at a register page, by role and accessible name as a person sees them. */
export function registerPage(page: Page) {
  const status = () => page.getByRole('status', { name: 'Sync status' });
  return {
    page,
    status,
    async signIn(staff: string, pin: string) {
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('Staff ID').fill(staff);
      await form.getByLabel('PIN').fill(pin);
      await form.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    },
    async signOut() {
      await page.getByRole('button', { name: 'Sign out' }).click();
    },
    async card(number: string) {
      const field = page.getByLabel('Card number').first();
      await field.fill(number);
      await field.press('Enter');
    },
    async scan(code: string) {
      const field = page.getByLabel('Scan or type a code');
      await field.fill(code);
      await field.press('Enter');
    },
    async payCash() {
      await page.getByRole('button', { name: /^Cash/ }).click();
    },
    async complete() {
      await page.getByRole('button', { name: /^Complete sale/ }).click();
      await page.getByRole('article', { name: 'Receipt' }).waitFor();
    },
    async nextSale() {
      await page.getByRole('button', { name: 'Next sale' }).click();
    },
    async salePoints(): Promise<number> {
      const text = (await page.getByTestId('sale-points').textContent()) ?? '';
      return Number(/(\d[\d,]*) STAR/.exec(text)?.[1]?.replace(/\D/g, '') ?? NaN);
    },
    async number(testId: string): Promise<number> {
      const text = (await page.getByTestId(testId).textContent()) ?? '';
      const digits = text.replace(/[^\d-]/g, '');
      return Number(digits);
    },
    async waitOutboxEmpty() {
      await status()
        .filter({ hasText: /Online · Outbox: 0/ })
        .waitFor({ timeout: 30_000 });
    },
    async screen(name: 'Sale' | 'Returns' | 'Cards') {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: new RegExp(`^${name}`) })
        .click();
    },
  };
}
export type RegisterPage = ReturnType<typeof registerPage>;
