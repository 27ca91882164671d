import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../common/LanguagePicker';

/**
 * The console's one-line header: its title on the left; on the right whatever belongs to the
 * session (who is signed in, sign out) around the language box.
 */
export function ConsoleHeader({
  signedIn,
  signOut,
}: {
  signedIn?: ReactNode;
  signOut?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <header className="console-header">
      <h1>{t('app.console')}</h1>
      <div className="session">
        {signedIn}
        <LanguagePicker />
        {signOut}
      </div>
    </header>
  );
}
