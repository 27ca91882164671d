import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../common/LanguagePicker';
import { bridgeStatus } from './bridge';
import { IssueCard } from './manager/IssueCard';
import { CardActions } from './manager/CardActions';
import { ReturnsScreen } from './returns/ReturnsScreen';
import { SaleScreen } from './sale/SaleScreen';
import { isManager, useSession } from './session/session';
import { SignIn } from './session/SignIn';
import { useStoreSetup } from './setup/storeSetup';
import { bootRegisterOnce, registerDb, syncEngine } from './sync/boot';
import { LoadProgress, SyncStatus, useSyncState } from './sync/SyncStatus';
import { RejectedFacts } from './sync/RejectedFacts';
import { EnrolmentPanel } from './sync/EnrolmentPanel';
import { useTabLock } from './sync/tabLock';
import './register.css';

type Screen = 'sale' | 'returns' | 'manager';
const SHORTCUTS: Record<string, Screen> = { F1: 'sale', F2: 'returns', F3: 'manager' };

/** The register: sync at a glance, sign-in, then the sale, returns and (managers) card screens. */
export function App() {
  const { t } = useTranslation();
  const sync = useSyncState(syncEngine);
  const staff = useSession((state) => state.staff);
  const serverToken = useSession((state) => state.serverToken);
  const signOut = useSession((state) => state.signOut);
  const [screen, setScreen] = useState<Screen>('sale');
  const setup = useStoreSetup(registerDb, sync.store, sync.phase === 'ready');
  const manager = isManager(staff);
  const tabLock = useTabLock();

  useEffect(() => {
    void bootRegisterOnce();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = SHORTCUTS[event.key];
      if (!target || !staff || (target === 'manager' && !manager)) return;
      event.preventDefault();
      setScreen(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staff, manager]);

  if (tabLock === 'elsewhere')
    return (
      <div className="register">
        <header>
          <h1>{t('app.register')}</h1>
          <LanguagePicker />
        </header>
        <p role="alert">{t('register.elsewhere')}</p>
      </div>
    );
  const tabs: Screen[] = manager ? ['sale', 'returns', 'manager'] : ['sale', 'returns'];
  return (
    <div className="register">
      <header>
        <h1>
          {t('app.register')}
          {sync.register && (
            <small>
              {' '}
              {sync.store} / {sync.register}
            </small>
          )}
        </h1>
        <SyncStatus state={sync} />
        <RejectedFacts db={registerDb} />
        {bridgeStatus() === 'browser' && <p className="hint">{t('register.browserMode')}</p>}
        <LanguagePicker />
        {staff && (
          <p className="who">
            {t('register.signedInAs', { name: staff.name, role: t(`register.role.${staff.role}`) })}{' '}
            <button type="button" onClick={signOut}>
              {t('register.signOut')}
            </button>
          </p>
        )}
      </header>
      {sync.load && <LoadProgress load={sync.load} />}
      {sync.phase === 'unenrolled' && <EnrolmentPanel engine={syncEngine} state={sync} />}
      {sync.phase === 'failed' && (
        <p role="alert">{t('register.sync.failed', { error: sync.error })}</p>
      )}
      {!staff && sync.phase !== 'unenrolled' && (
        <SignIn setup={setup} engine={syncEngine} db={registerDb} />
      )}
      {staff && setup && (
        <main>
          <nav aria-label={t('register.screens')}>
            {tabs.map((tab, i) => (
              <button
                key={tab}
                type="button"
                aria-current={screen === tab ? 'page' : undefined}
                onClick={() => setScreen(tab)}
              >
                {t(`register.screen.${tab}`)} <kbd>F{i + 1}</kbd>
              </button>
            ))}
          </nav>
          {screen === 'sale' && (
            <SaleScreen
              engine={syncEngine}
              db={registerDb}
              setup={setup}
              sync={sync}
              staff={staff}
            />
          )}
          {screen === 'returns' && (
            <ReturnsScreen engine={syncEngine} db={registerDb} setup={setup} staff={staff} />
          )}
          {screen === 'manager' && manager && (
            <div className="manager">
              <IssueCard engine={syncEngine} db={registerDb} setup={setup} staff={staff} />
              <CardActions
                engine={syncEngine}
                setup={setup}
                serverToken={serverToken}
                online={sync.online}
              />
            </div>
          )}
        </main>
      )}
    </div>
  );
}
