import { asc, eq } from 'drizzle-orm';
import type { CountryVatRates } from '../../../shared/domain/master';
import type { Session } from '../db/database';
import { vatRates } from '../db/schema';
import type { VatRatesList } from '../../../shared/protocol/api/hqWire';

/** Every country's VAT rates, countries and categories in alphabetical order. */
export async function listVatRates(session: Session): Promise<VatRatesList> {
  const rows = await session.db
    .select()
    .from(vatRates)
    .orderBy(asc(vatRates.country), asc(vatRates.category));
  const countries = new Map<string, CountryVatRates['rates']>();
  for (const row of rows) {
    const rates = countries.get(row.country) ?? [];
    rates.push({ category: row.category, rate: row.rate });
    countries.set(row.country, rates);
  }
  return { countries: [...countries.entries()].map(([country, rates]) => ({ country, rates })) };
}

/**
 * Replaces a country's VAT rates with the given ones (a category left out is sold at 0 %). The
 * stores of that country's registers receive them with their products at the next distribution.
 */
export async function replaceVatRates(
  tx: Session,
  { country, rates }: CountryVatRates,
  now: Date,
): Promise<void> {
  await tx.db.delete(vatRates).where(eq(vatRates.country, country));
  if (rates.length === 0) return;
  await tx.db
    .insert(vatRates)
    .values(rates.map((r) => ({ country, category: r.category, rate: r.rate, updatedAt: now })));
}
