import { useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../common/i18n';
import { useStoreTime } from '../storeTime';
import type { SyncEngine } from './engine';
import type { SyncState } from './state';

export function useSyncState(engine: SyncEngine): SyncState {
  return useSyncExternalStore(engine.subscribe, engine.getState);
}

function signedSeconds(ms: number): string {
  const tenths = Math.round(ms / 100);
  const text = `${Math.abs(Math.trunc(tenths / 10))}.${Math.abs(tenths % 10)}`;
  return `${tenths < 0 ? '-' : '+'}${text}`;
}

/** One line: online or offline, outbox depth, refused facts, distribution version. */
export function SyncStatus({ state }: { state: SyncState }) {
  const { t } = useTranslation();
  const parts = [
    state.phase === 'unenrolled'
      ? t('register.sync.notEnrolled')
      : state.online
        ? t('register.sync.online')
        : t('register.sync.offline'),
    t('register.sync.outbox', { count: state.outboxDepth }),
    ...(state.rejected > 0 ? [t('register.sync.rejected', { count: state.rejected })] : []),
    t('register.sync.version', { version: state.version }),
  ];
  return (
    <span role="status" aria-label={t('register.sync.status')} data-online={state.online}>
      <span className="dot" aria-hidden="true" />
      {parts.join(' · ')}
    </span>
  );
}

/** Last contact and clock offset, for the sync panel. */
export function SyncDetails({ state }: { state: SyncState }) {
  const { t } = useTranslation();
  const storeTime = useStoreTime();
  return (
    <dl className="sync-details">
      <dt>{t('register.sync.lastContactLabel')}</dt>
      <dd>
        {state.lastContact === null
          ? t('register.sync.never')
          : storeTime(new Date(state.lastContact).toISOString())}
      </dd>
      <dt>{t('register.sync.clockOffsetLabel')}</dt>
      <dd>
        {state.clockOffsetMs === null
          ? '—'
          : t('register.sync.seconds', { seconds: signedSeconds(state.clockOffsetMs) })}
      </dd>
    </dl>
  );
}

const MINUTE = 60_000;

/**
 * The clock in the status bar: the register's own, as its receipts show their time (the screen's
 * language, the store's zone). It turns with the minute, so it never lags a receipt just printed.
 */
export function Clock() {
  const storeTime = useStoreTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Wakes at the start of the next minute (a timer that fires early just sets the next one).
    const timer = setTimeout(() => setNow(Date.now()), MINUTE - (now % MINUTE));
    return () => clearTimeout(timer);
  }, [now]);
  const iso = new Date(now).toISOString();
  return (
    <time dateTime={iso} className="clock">
      {storeTime(iso)}
    </time>
  );
}

/** The sync panel the status bar opens: details, refused facts, notes; Escape closes it. */
export function SyncPanel({ children, onClose }: { children: ReactNode; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="sync-panel"
      aria-label={t('register.sync.panel')}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{t('register.sync.panel')}</h2>
      {children}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          {t('register.sync.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </dialog>
  );
}

/** The first load's progress bar (stays full once the load is done, until the next start). */
export function LoadProgress({ load }: { load: { done: number; total: number } }) {
  const { t } = useTranslation();
  return (
    <div className="load-progress">
      <progress
        aria-label={t('register.sync.loading')}
        max={Math.max(load.total, 1)}
        value={load.done}
      />
      <span>
        {t('register.sync.loadingText', {
          done: formatNumber(load.done),
          total: formatNumber(load.total),
        })}
      </span>
    </div>
  );
}
