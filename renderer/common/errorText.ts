import i18next from 'i18next';

/** What a sentence is picked by: an ApiError, or just its code. */
interface Coded {
  readonly code: string;
  readonly details?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCoded = (value: unknown): value is Coded =>
  isRecord(value) && typeof value['code'] === 'string';

/**
 * A server error in the reader's language: its code picks the sentence (`errors.<code>`), its
 * details fill it in. A code without a sentence yet still reads as a sentence, never as the
 * server's technical message.
 */
export function errorText(error: unknown): string {
  const coded: Coded = isCoded(error) ? error : { code: 'unexpected' };
  const key = `errors.${coded.code}`;
  const values = { code: coded.code, ...(isRecord(coded.details) ? coded.details : {}) };
  return i18next.exists(key) ? i18next.t(key, values) : i18next.t('errors.unexpected', values);
}
