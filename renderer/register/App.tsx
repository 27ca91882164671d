import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PROTOCOL_VERSION } from '../../shared/protocol/sync';
import { bootRegisterOnce, syncEngine } from './sync/boot';
import { LoadProgress, SyncStatus, useSyncState } from './sync/SyncStatus';

/** The register's shell; the cashier's and manager's screens build on it. */
export function App() {
  const { t } = useTranslation();
  const sync = useSyncState(syncEngine);
  useEffect(() => {
    void bootRegisterOnce();
  }, []);
  return (
    <main>
      <h1>{t('app.register')}</h1>
      <SyncStatus state={sync} />
      {sync.load && <LoadProgress load={sync.load} />}
      {sync.phase === 'unenrolled' && <p>{t('register.sync.unenrolled')}</p>}
      {sync.phase === 'failed' && (
        <p role="alert">{t('register.sync.failed', { error: sync.error })}</p>
      )}
      <p>{t('register.protocol', { version: PROTOCOL_VERSION })}</p>
    </main>
  );
}
