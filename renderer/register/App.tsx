import { useTranslation } from 'react-i18next';
import { PROTOCOL_VERSION } from '../../shared/protocol/sync';

/** The register's shell; the cashier's and manager's screens build on it. */
export function App() {
  const { t } = useTranslation();
  return (
    <main>
      <h1>{t('app.register')}</h1>
      <p>{t('register.protocol', { version: PROTOCOL_VERSION })}</p>
    </main>
  );
}
