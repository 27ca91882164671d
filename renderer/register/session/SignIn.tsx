import { api } from '../../../shared/protocol/api';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../common/api';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import {
  clearPinLockout,
  lockRemainingMs,
  MAX_PIN_TRIES,
  readPinLockout,
  recordWrongPin,
} from './lockout';
import { verifyPinOffline } from './pin';
import { useSession, type SignedIn } from './session';

/** Asks the server for a session (for a manager's online actions); offline the sign-in still holds. */
async function serverSession(engine: SyncEngine, staff: string, pin: string) {
  try {
    const answer = await engine.api().route(api.auth.signIn, { body: { staff, pin } });
    return answer.token;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/** When the typed staff member's sign-in unlocks (0: not locked), read from the local database. */
function useLockedUntil(db: RegisterDb, staffId: string) {
  const [lockedUntil, setLockedUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let current = true;
    const id = staffId.trim();
    if (!id) setLockedUntil(0);
    else
      void readPinLockout(db, id).then((lockout) => {
        if (current) setLockedUntil(lockout.lockedUntil);
      });
    return () => {
      current = false;
    };
  }, [db, staffId]);
  useEffect(() => {
    if (lockedUntil <= Date.now()) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [lockedUntil]);
  const seconds = Math.ceil(lockRemainingMs({ failures: 0, lockedUntil }, now) / 1000);
  return { seconds, setLockedUntil };
}

/** PIN sign-in against the staff hashes head office distributed: works with no network. */
export function SignIn({
  setup,
  engine,
  db,
}: {
  setup: StoreSetup | null;
  engine: SyncEngine;
  db: RegisterDb;
}) {
  const { t } = useTranslation();
  const signIn = useSession((state) => state.signIn);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { seconds, setLockedUntil } = useLockedUntil(db, staffId);
  const locked = seconds > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!setup) return setError(t('register.signIn.notLoaded'));
    if (locked) return;
    setBusy(true);
    try {
      const id = staffId.trim().toUpperCase();
      const credential = setup.staff.find((member) => member.id.toUpperCase() === id);
      if (!credential || !(await verifyPinOffline(pin, credential.pinHash))) {
        setPin('');
        // An unknown ID has no PIN to guess: only a real staff member's sign-in can lock.
        if (!credential) return setError(t('register.signIn.wrong'));
        const lockout = await recordWrongPin(db, credential.id, Date.now());
        setLockedUntil(lockout.lockedUntil);
        const left = MAX_PIN_TRIES - lockout.failures;
        setError(lockout.failures === 0 ? null : t('register.signIn.wrongTries', { count: left }));
        return;
      }
      await clearPinLockout(db, credential.id);
      const staff: SignedIn = { id: credential.id, name: credential.name, role: credential.role };
      const token = staff.role === 'cashier' ? null : await serverSession(engine, staff.id, pin);
      signIn(staff, token);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel sign-in" aria-label={t('register.signIn.title')} onSubmit={submit}>
      <h2>{t('register.signIn.title')}</h2>
      <label>
        {t('register.signIn.staff')}
        <input
          autoFocus
          autoComplete="username"
          value={staffId}
          onChange={(event) => {
            setStaffId(event.target.value);
            setError(null);
          }}
        />
      </label>
      <label>
        {t('register.signIn.pin')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          value={pin}
          disabled={locked}
          onChange={(event) => setPin(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || locked || !staffId || !pin || !setup}>
        {t('register.signIn.submit')}
      </button>
      {!setup && <p role="status">{t('register.signIn.notLoaded')}</p>}
      {locked && (
        <p role="alert" data-testid="pin-locked">
          {t('register.signIn.locked', { count: seconds })}
        </p>
      )}
      {!locked && error && <p role="alert">{error}</p>}
    </form>
  );
}
