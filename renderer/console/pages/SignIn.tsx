import { errorText } from '../../common/errorText';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../common/api';
import { api as contract } from '../../../shared/protocol/api';
import { api, useSession } from '../session';

export function SignIn() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const [staff, setStaff] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.route(contract.auth.signIn, { body: { staff, pin } });
      if (session.staff.role !== 'headOffice') {
        setError(t('signIn.headOfficeOnly'));
        return;
      }
      signedIn(session.token, session.staff);
    } catch (caught) {
      // At sign-in, "not signed in" can only mean the staff id and PIN do not match.
      setError(
        caught instanceof ApiError && caught.code === 'unauthorized'
          ? t('signIn.wrongPin')
          : errorText(caught),
      );
    } finally {
      setBusy(false);
      setPin('');
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h2 id="sign-in-title">{t('signIn.title')}</h2>
        <label>
          {t('signIn.staffId')}
          <input
            name="staff"
            autoComplete="username"
            value={staff}
            onChange={(e) => setStaff(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          {t('signIn.pin')}
          <input
            name="pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
