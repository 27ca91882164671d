import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { commonTexts, mergeTexts } from './locales';
import type { CustomerLanguage } from '../../shared/domain/master';

/** The languages the register and the console speak; English is the fallback. */
export const LANGUAGES = {
  en: 'English',
  nl: 'Nederlands',
  sv: 'Svenska',
  fr: 'Français',
} as const satisfies Record<CustomerLanguage, string>;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = 'language';

function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved && saved in LANGUAGES) return saved as Language;
  const browser = globalThis.navigator?.language.slice(0, 2);
  return browser && browser in LANGUAGES ? (browser as Language) : 'en';
}

/** Texts of one app by language, added to the shared ones (each app keeps its own keys). */
export type AppTexts = Record<Language, Record<string, unknown>>;

export async function setupI18n(appTexts: AppTexts): Promise<typeof i18next> {
  const resources = Object.fromEntries(
    (Object.keys(LANGUAGES) as Language[]).map((language) => [
      language,
      { translation: mergeTexts(commonTexts[language], appTexts[language]) },
    ]),
  );
  await i18next.use(initReactI18next).init({
    resources,
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

/** Money from minor units and a currency, by the current language's conventions. */
export function formatMoney(minor: number, currency: string, language = i18next.language): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Format an exact decimal string: no float ever holds the amount.
  const padded = String(Math.abs(minor)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? padded : `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return format.format(`${minor < 0 ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

/** A rate in basis points (2100 = 21 %) as a percentage in the reader's language ("5,5 %"). */
export function formatPercent(basisPoints: number, language = i18next.language): string {
  const whole = Math.trunc(basisPoints / 10_000);
  const rest = String(Math.abs(basisPoints % 10_000)).padStart(4, '0');
  // An exact decimal string, as for money: "0.0550" for 550.
  const fraction = `${basisPoints < 0 ? '-' : ''}${Math.abs(whole)}.${rest}`;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(
    fraction as Intl.StringNumericLiteral,
  );
}

/**
 * A date and time by the language's conventions, in the given time zone (an IANA name; without
 * one, the machine's).
 */
export function formatDateTime(
  iso: string | null,
  language = i18next.language,
  timeZone?: string,
): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

export function formatNumber(value: number, language = i18next.language): string {
  return new Intl.NumberFormat(language).format(value);
}
