import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../common/LanguagePicker';
import { bridgeStatus } from './bridge';
import { ManagerScreen } from './manager/ManagerScreen';
import { ReturnsScreen } from './returns/ReturnsScreen';
import { SaleScreen } from './sale/SaleScreen';
import { putAsideOnSignOut } from './sale/transactionControl';
import { isManager, useSession } from './session/session';
import { SignIn } from './session/SignIn';
import { useStoreSetup } from './setup/storeSetup';
import { bootRegisterOnce, registerDb, syncEngine } from './sync/boot';
import {
  Clock,
  LoadProgress,
  SyncDetails,
  SyncPanel,
  SyncStatus,
  useSyncState,
} from './sync/SyncStatus';
import { RejectedFacts } from './sync/RejectedFacts';
import { EnrolmentPanel } from './sync/EnrolmentPanel';
import { useTabLock } from './sync/tabLock';
import { StoreTimeZone } from './storeTime';
import './register.css';

type Screen = 'sale' | 'returns' | 'manager';
const SHORTCUTS: Record<string, Screen> = { F1: 'sale', F2: 'returns', F3: 'manager' };

/**
 * The register on one screen: a slim top bar (screens, who is signed in), the screen itself, and a
 * status bar (sync at a glance, version, clock) that opens the sync panel.
 */
export function App() {
  const { t } = useTranslation();
  const sync = useSyncState(syncEngine);
  const staff = useSession((state) => state.staff);
  const serverToken = useSession((state) => state.serverToken);
  const signOut = useSession((state) => state.signOut);
  const [screen, setScreen] = useState<Screen>('sale');
  const [panelOpen, setPanelOpen] = useState(false);
  // A receipt scanned at the sale screen, numbered so that scanning it again searches again.
  const [receiptScan, setReceiptScan] = useState<{ number: string; key: number } | null>(null);
  const setup = useStoreSetup(registerDb, sync.store, sync.phase === 'ready');
  const manager = isManager(staff);
  const tabLock = useTabLock();

  useEffect(() => {
    void bootRegisterOnce();
  }, []);
  /** A screen chosen by its tab or key: a receipt scanned before does not open again with it. */
  const show = (target: Screen) => {
    setReceiptScan(null);
    setScreen(target);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = SHORTCUTS[event.key];
      if (!target || !staff || (target === 'manager' && !manager)) return;
      event.preventDefault();
      if (document.querySelector('dialog[open]')) return;
      show(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [staff, manager]);

  const leave = async () => {
    if (staff) await putAsideOnSignOut(syncEngine, registerDb, setup, staff);
    setScreen('sale');
    signOut();
  };

  if (tabLock === 'elsewhere')
    return (
      <div className="register">
        <header className="top-bar">
          <h1>{t('app.register')}</h1>
          <LanguagePicker />
        </header>
        <p role="alert">{t('register.elsewhere')}</p>
      </div>
    );
  const tabs: Screen[] = manager ? ['sale', 'returns', 'manager'] : ['sale', 'returns'];
  return (
    <StoreTimeZone zone={setup?.store.timeZone}>
      <div className="register">
        <header className="top-bar">
          <h1>
            {t('app.register')}
            {sync.register && (
              <small>
                {sync.store} / {sync.register}
              </small>
            )}
          </h1>
          {staff && setup && (
            <nav aria-label={t('register.screens')}>
              {tabs.map((tab, i) => (
                <button
                  key={tab}
                  type="button"
                  aria-current={screen === tab ? 'page' : undefined}
                  onClick={() => show(tab)}
                >
                  {t(`register.screen.${tab}`)} <kbd>F{i + 1}</kbd>
                </button>
              ))}
            </nav>
          )}
          <span className="spacer" />
          {staff && (
            <p className="who">
              {t('register.signedInAs', {
                name: staff.name,
                role: t(`register.role.${staff.role}`),
              })}
            </p>
          )}
          {staff && (
            <button type="button" className="secondary" onClick={() => void leave()}>
              {t('register.signOut')}
            </button>
          )}
          <LanguagePicker />
        </header>
        <main className="screen">
          {sync.phase === 'unenrolled' && <EnrolmentPanel engine={syncEngine} state={sync} />}
          {sync.phase === 'failed' && (
            <p role="alert">{t('register.sync.failed', { error: sync.error })}</p>
          )}
          {!staff && sync.phase !== 'unenrolled' && (
            <SignIn setup={setup} engine={syncEngine} db={registerDb} />
          )}
          {staff && setup && screen === 'sale' && (
            <SaleScreen
              engine={syncEngine}
              db={registerDb}
              setup={setup}
              sync={sync}
              staff={staff}
              onReceipt={(number) => {
                setReceiptScan({ number, key: (receiptScan?.key ?? 0) + 1 });
                setScreen('returns');
              }}
            />
          )}
          {staff && setup && screen === 'returns' && (
            <div className="scroll-screen">
              <ReturnsScreen
                key={receiptScan?.key ?? 0}
                engine={syncEngine}
                db={registerDb}
                setup={setup}
                staff={staff}
                startNumber={receiptScan?.number ?? null}
              />
            </div>
          )}
          {staff && setup && screen === 'manager' && manager && (
            <ManagerScreen
              engine={syncEngine}
              db={registerDb}
              setup={setup}
              staff={staff}
              serverToken={serverToken}
              online={sync.online}
            />
          )}
        </main>
        <footer className="status-bar">
          <button
            type="button"
            className="status-button"
            data-online={sync.online}
            aria-haspopup="dialog"
            onClick={() => setPanelOpen(true)}
          >
            <SyncStatus state={sync} />
          </button>
          {sync.load && <LoadProgress load={sync.load} />}
          <span className="spacer" />
          <Clock />
        </footer>
        {panelOpen && (
          <SyncPanel onClose={() => setPanelOpen(false)}>
            <SyncDetails state={sync} />
            <RejectedFacts db={registerDb} />
            {bridgeStatus() === 'browser' && <p className="hint">{t('register.browserMode')}</p>}
          </SyncPanel>
        )}
      </div>
    </StoreTimeZone>
  );
}
