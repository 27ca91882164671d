import { createInstance, type i18n } from 'i18next';
import { CUSTOMER_LANGUAGES, type CustomerLanguage } from '../../../../shared/domain/master';
import { en, type NoticeTexts } from './en';
import { fr } from './fr';
import { nl } from './nl';
import { sv } from './sv';

export const noticeTexts: Record<CustomerLanguage, NoticeTexts> = { en, nl, sv, fr };

let instance: i18n | null = null;

/** One i18next instance for every notice (plurals per language), made on first use. */
export function noticeI18n(): i18n {
  if (instance) return instance;
  instance = createInstance();
  void instance.init({
    resources: Object.fromEntries(
      CUSTOMER_LANGUAGES.map((language) => [language, { translation: noticeTexts[language] }]),
    ),
    lng: 'en',
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance;
}
