import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../common/LanguagePicker';
import { Jobs } from './pages/Jobs';
import { SignIn } from './pages/SignIn';
import { api, useSession } from './session';

export function App() {
  const { t } = useTranslation();
  const { staff, signedOut } = useSession();

  async function signOut() {
    await api.call('POST', '/api/auth/sign-out').catch(() => undefined);
    signedOut();
  }

  if (!staff) {
    return (
      <>
        <LanguagePicker />
        <SignIn />
      </>
    );
  }
  return (
    <div className="console">
      <header>
        <h1>{t('app.console')}</h1>
        <p>{t('signIn.signedInAs', { name: staff.name })}</p>
        <LanguagePicker />
        <button type="button" onClick={() => void signOut()}>
          {t('signIn.signOut')}
        </button>
      </header>
      <nav aria-label={t('nav.main')}>
        <a href="#jobs" aria-current="page">
          {t('nav.jobs')}
        </a>
      </nav>
      <main>
        <Jobs />
      </main>
    </div>
  );
}
