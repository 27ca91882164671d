import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
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

/** One line: online or offline, outbox depth, rejected facts, version, last contact, clock offset. */
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
    state.lastContact === null
      ? t('register.sync.never')
      : t('register.sync.lastContact', {
          time: formatDateTime(new Date(state.lastContact).toISOString()),
        }),
    ...(state.clockOffsetMs === null
      ? []
      : [t('register.sync.clockOffset', { seconds: signedSeconds(state.clockOffsetMs) })]),
  ];
  return (
    <p role="status" aria-label={t('register.sync.status')} data-online={state.online}>
      {parts.join(' · ')}
    </p>
  );
}

/** The first load's progress bar (stays full once the load is done, until the next start). */
export function LoadProgress({ load }: { load: { done: number; total: number } }) {
  const { t } = useTranslation();
  return (
    <div>
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
