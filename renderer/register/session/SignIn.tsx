import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError } from '../../common/api';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import { verifyPinOffline } from './pin';
import { useSession, type SignedIn } from './session';

const MAX_TRIES = 5;
const LOCK_MS = 30_000;
const ServerSession = z.object({ token: z.string() });

/** Asks the server for a session (for a manager's online actions); offline the sign-in still holds. */
async function serverSession(engine: SyncEngine, staff: string, pin: string) {
  try {
    const answer = await engine.api().call('POST', '/api/auth/sign-in', { staff, pin });
    return ServerSession.parse(answer).token;
  } catch (error) {
    if (error instanceof ApiError) return null;
    throw error;
  }
}

/** PIN sign-in against the staff hashes head office distributed: works with no network. */
export function SignIn({ setup, engine }: { setup: StoreSetup | null; engine: SyncEngine }) {
  const { t } = useTranslation();
  const signIn = useSession((state) => state.signIn);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  const [lockedUntil, setLockedUntil] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!setup) return setError(t('register.signIn.notLoaded'));
    if (Date.now() < lockedUntil) return setError(t('register.signIn.locked'));
    setBusy(true);
    try {
      const id = staffId.trim().toUpperCase();
      const credential = setup.staff.find((member) => member.id.toUpperCase() === id);
      if (!credential || !(await verifyPinOffline(pin, credential.pinHash))) {
        const tries = failures + 1;
        setFailures(tries >= MAX_TRIES ? 0 : tries);
        if (tries >= MAX_TRIES) setLockedUntil(Date.now() + LOCK_MS);
        setError(tries >= MAX_TRIES ? t('register.signIn.locked') : t('register.signIn.wrong'));
        setPin('');
        return;
      }
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
          onChange={(event) => setStaffId(event.target.value)}
        />
      </label>
      <label>
        {t('register.signIn.pin')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="current-password"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy || !staffId || !pin || !setup}>
        {t('register.signIn.submit')}
      </button>
      {!setup && <p role="status">{t('register.signIn.notLoaded')}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
