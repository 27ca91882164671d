import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import type { RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import type { SignedIn } from '../session/session';
import { readBlocks, takeNumber, topUpBlocks } from './cardNumbers';
import { errorText } from '../../common/errorText';
import { ShortcutButton } from './ShortcutButton';

type Holder = 'anonymous' | 'new' | 'existing';

/** Its key: the card actions beside it take Alt+1 to Alt+7 (CardActions.tsx). */
const ISSUE_SHORTCUT = 8;

/** Issues a card from the register's number block, also offline; for nobody, a new or a known customer. */
export function IssueCard({
  engine,
  db,
  setup,
  staff,
  onDone,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  staff: SignedIn;
  /** Called once issuing has ended, whatever the outcome. */
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [holder, setHolder] = useState<Holder>('anonymous');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [newsletter, setNewsletter] = useState(false);
  const [knownCard, setKnownCard] = useState('');
  const [left, setLeft] = useState<number | null>(null);
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // While a card is being issued the button waits: a second press would issue a second card.
  const [busy, setBusy] = useState(false);

  const refreshBlocks = async () => {
    try {
      setLeft(await topUpBlocks(engine, db));
    } catch {
      setLeft((await readBlocks(db)).left);
    }
  };
  useEffect(() => {
    void refreshBlocks();
  }, []);

  const existingCustomer = async () => {
    const checked = checkCardNumber(knownCard);
    if (!checked.ok) throw new Error(t('register.card.typo'));
    const summary = await engine.lookupCard(checked.number);
    if (!summary?.customer) throw new Error(t('register.issue.noCustomerOnCard'));
    if (summary.customer.blockedForEnrolment) throw new Error(t('register.issue.blocked'));
    return summary.customer.id;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const customerId =
        holder === 'existing'
          ? await existingCustomer()
          : holder === 'new'
            ? crypto.randomUUID()
            : null;
      if (holder === 'new' && !name.trim()) throw new Error(t('register.issue.nameRequired'));
      let number = '';
      await engine.recordTogether(async () => {
        const taken = await takeNumber(db);
        if (!taken) throw new Error(t('register.issue.noNumbers'));
        number = taken;
        const customer =
          holder === 'new' && customerId
            ? [
                {
                  id: crypto.randomUUID(),
                  type: 'customer' as const,
                  customer: {
                    id: customerId,
                    name: name.trim(),
                    email: email.trim() || null,
                    phone: phone.trim() || null,
                    affiliations: [],
                    blockedForEnrolment: false,
                    subscriptions: {
                      balanceUpdates: false,
                      expiryWarnings: false,
                      newsletter,
                    },
                  },
                },
              ]
            : [];
        return [
          ...customer,
          {
            id: crypto.randomUUID(),
            type: 'cardIssued' as const,
            card: {
              number: taken,
              customer: customerId,
              program: setup.store.program,
              staff: staff.id,
            },
          },
        ];
      });
      setIssued(number);
      setName('');
      setEmail('');
      setPhone('');
      setNewsletter(false);
      setKnownCard('');
      await refreshBlocks();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
      onDone();
    }
  };

  return (
    <form className="panel" aria-label={t('register.issue.title')} onSubmit={submit}>
      <h2>{t('register.issue.title')}</h2>
      <p>{left === null ? '' : t('register.issue.left', { count: left })}</p>
      <fieldset>
        <legend>{t('register.issue.holder')}</legend>
        {(['anonymous', 'new', 'existing'] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="holder"
              checked={holder === option}
              onChange={() => setHolder(option)}
            />
            {t(`register.issue.${option}`)}
          </label>
        ))}
      </fieldset>
      {holder === 'new' && (
        <>
          <label>
            {t('register.issue.name')}
            <input value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <label>
            {t('register.issue.email')}
            <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
          </label>
          <label>
            {t('register.issue.phone')}
            <input type="tel" value={phone} onChange={(event) => setPhone(event.target.value)} />
          </label>
          <label>
            <input
              type="checkbox"
              checked={newsletter}
              onChange={(event) => setNewsletter(event.target.checked)}
            />
            {t('register.issue.newsletter')}
          </label>
        </>
      )}
      {holder === 'existing' && (
        <label>
          {t('register.issue.knownCard')}
          <input
            inputMode="numeric"
            value={knownCard}
            onChange={(event) => setKnownCard(event.target.value)}
          />
        </label>
      )}
      <ShortcutButton shortcut={ISSUE_SHORTCUT} className="primary" disabled={busy}>
        {t('register.issue.submit')}
      </ShortcutButton>
      {issued && (
        <p role="status" aria-label={t('register.issue.done')}>
          {t('register.issue.issued', { number: issued })}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
