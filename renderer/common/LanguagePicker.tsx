import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from './i18n';

/** The language of the screen, kept per device. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      {t('app.language')}
      <select
        value={i18n.language}
        onChange={(e) => void changeLanguage(e.target.value as Language)}
      >
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
