import { z } from 'zod';
import { isCurrencyCode } from '../units/money';
import { isIsoInstant } from '../units/time';

/** Building blocks shared by every wire schema: ids, integers, decimal amounts, instants. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'expected letters, digits, _ . : - only');
export const Uuid = z.uuid();
export const Int = z.int();
export const NonNegativeInt = z.int().nonnegative();
export const PositiveInt = z.int().positive();
/** An ISO 3166 alpha-2 country code. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected a country code such as "NL"');
/** A VAT rate in basis points (2100 = 21 %). */
export const VatRate = z.int().min(0).max(10_000);
export const CurrencyCode = z
  .string()
  .refine(isCurrencyCode, 'expected an ISO 4217 code such as "USD"');
/**
 * At most 12 whole digits and 4 decimals: any price or total there is, and an amount in minor
 * units (up to 10^16) that stays an exact integer in a JavaScript number.
 */
export const DecimalAmount = z
  .string({ error: 'expected a decimal string such as "12.99"' })
  .regex(/^\d{1,12}(\.\d{1,4})?$/, 'expected a decimal string such as "12.99"');
export const SignedDecimalAmount = z
  .string({ error: 'expected a decimal string such as "-12.99"' })
  .regex(/^-?\d{1,12}(\.\d{1,4})?$/, 'expected a decimal string such as "-12.99"');
export const IsoInstant = z
  .string({ error: 'expected an ISO 8601 instant such as "2026-03-01T10:00:00Z"' })
  .refine(isIsoInstant, 'expected an ISO 8601 instant such as "2026-03-01T10:00:00Z"');
export const Period = z.object({
  value: PositiveInt,
  unit: z.enum(['day', 'month', 'year']),
});
export const Filter = z
  .union([z.object({ category: Id }).strict(), z.object({ product: Id }).strict()])
  .nullable();
