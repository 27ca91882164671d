import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import { api as routes, type HistoryEntry } from '../../../shared/protocol/api';
import { formatNumber } from '../../common/i18n';
import type { SyncEngine } from '../sync/engine';
import type { StoreSetup } from '../setup/storeSetup';
import { CardHistoryTable } from './CardHistoryTable';
import { ConfirmedAction } from './ConfirmedAction';
import { activityPoints, availableOf, heldPoints, wholePoints } from './cardQuestions';

/** The other activities the store's schemes reward (their `otherActivity:<type>` lines). */
function activityTypesOf(setup: StoreSetup): string[] {
  const types = setup.schemes.flatMap((scheme) =>
    scheme.earning
      .map((line) => /^otherActivity:(.+)$/.exec(line.activity)?.[1])
      .filter((type): type is string => type !== undefined),
  );
  return [...new Set(types)].sort();
}

/**
 * A manager's card actions that need the server: history, block and replace, then link, adjust,
 * transfer and award. Each that changes points or the card's state asks first, naming the card,
 * the points and the effect; a form is emptied once its action succeeded, so a second click
 * cannot repeat it.
 */
export function CardActions({
  engine,
  setup,
  serverToken,
  online,
  numberField,
  onDone,
}: {
  engine: SyncEngine;
  setup: StoreSetup;
  serverToken: string | null;
  online: boolean;
  /** The card number field, where focus goes back after every action. */
  numberField: RefObject<HTMLInputElement | null>;
  /** Called once an action has ended, whatever its outcome. */
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [numberText, setNumberText] = useState('');
  const [customer, setCustomer] = useState('');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [activity, setActivity] = useState('');
  // The history of the card it was loaded for; another card number hides it.
  const [history, setHistory] = useState<{ number: string; items: HistoryEntry[] } | null>(null);
  const rewardPoint = setup.rewardPoints[0]?.id ?? '';
  const activityTypes = activityTypesOf(setup);
  const ready = online && serverToken !== null;
  const api = () => engine.api(serverToken);

  const checked = (text: string) => {
    const result = checkCardNumber(text);
    if (!result.ok) throw new Error(t('register.card.typo'));
    return result.number;
  };
  const cardOf = async (number: string) => api().route(routes.cards.get, { params: { number } });
  const shownHistory = history && history.number === numberText.trim() ? history : null;

  return (
    <section className="panel card-actions" aria-label={t('register.manager.cardActions')}>
      <h2>{t('register.manager.cardActions')}</h2>
      {!serverToken && <p className="hint">{t('register.manager.signedInOffline')}</p>}
      <label>
        {t('register.card.number')}
        <input
          ref={numberField}
          // The screen opens on the card number, as the sale screen opens on its scan field.
          autoFocus
          inputMode="numeric"
          value={numberText}
          onChange={(e) => setNumberText(e.target.value)}
        />
      </label>
      {/* Keyed by the card: a question or answer about one card never stays beside another. */}
      <div className="actions-grid" key={numberText.trim()}>
        {/* First the actions on the card number alone, then those with fields of their own. */}
        <ConfirmedAction
          title={t('register.manager.history')}
          shortcut={1}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            return {
              question: null,
              run: async () => {
                const page = await api().route(routes.cards.history, { params: { number } });
                setHistory({ number: numberText.trim(), items: page.items });
                return t('register.manager.historyLoaded', { count: page.items.length });
              },
            };
          }}
        />
        <ConfirmedAction
          title={t('register.manager.block')}
          shortcut={2}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            const card = await cardOf(number);
            return {
              question: t('register.manager.askBlock', { number, points: heldPoints(t, card) }),
              run: async () => {
                await api().route(routes.cards.block, { params: { number } });
                return t('register.manager.blocked', { number });
              },
            };
          }}
        />
        <ConfirmedAction
          title={t('register.manager.replace')}
          shortcut={3}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            const card = await cardOf(number);
            return {
              question: t('register.manager.askReplace', { number, points: heldPoints(t, card) }),
              run: async () => {
                const moved = await api().route(routes.cards.replace, {
                  params: { number },
                  body: { fromSequence: true },
                });
                return t('register.manager.replaced', { number: moved.to.number });
              },
            };
          }}
        />
        <ConfirmedAction
          title={t('register.manager.link')}
          shortcut={4}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            const body = { customer: customer.trim() };
            if (!body.customer) throw new Error(t('register.manager.customerNeeded'));
            const card = await cardOf(number);
            const owner = card.customer?.id ?? null;
            if (owner !== null && owner !== body.customer)
              throw new Error(t('register.manager.linkedElsewhere', { number, customer: owner }));
            const values = { number, customer: body.customer, points: heldPoints(t, card) };
            return {
              // Linked to that customer already: nothing changes, nothing to ask.
              question: owner === null ? t('register.manager.askLink', values) : null,
              run: async () => {
                await api().route(routes.cards.link, { params: { number }, body });
                setCustomer('');
                return t('register.manager.linked', { number, customer: body.customer });
              },
            };
          }}
        >
          <label>
            {t('register.manager.customer')}
            <input value={customer} onChange={(e) => setCustomer(e.target.value)} />
          </label>
        </ConfirmedAction>
        <ConfirmedAction
          title={t('register.manager.adjust')}
          shortcut={5}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            const change = wholePoints(t, points);
            const comment = reason.trim();
            if (!comment) throw new Error(t('register.manager.reasonNeeded'));
            const from = availableOf(await cardOf(number), rewardPoint);
            const values = { number, rewardPoint, reason: comment, from, to: from + change };
            return {
              question: t(change > 0 ? 'register.manager.askAdd' : 'register.manager.askRemove', {
                ...values,
                points: formatNumber(Math.abs(change)),
              }),
              run: async () => {
                await api().route(routes.cards.adjust, {
                  params: { number },
                  body: { id: crypto.randomUUID(), rewardPoint, points: change, comment },
                });
                setPoints('');
                setReason('');
                return t('register.manager.adjusted', { ...values, points: formatNumber(change) });
              },
            };
          }}
        >
          <label>
            {t('register.manager.points')}
            <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} />
          </label>
          <label>
            {t('register.manager.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ConfirmedAction>
        <ConfirmedAction
          title={t('register.manager.transfer')}
          wide
          shortcut={6}
          onDone={onDone}
          online={ready}
          prepare={async () => {
            const number = checked(numberText);
            const to = checked(target);
            const moving = availableOf(await cardOf(number), rewardPoint);
            const values = { number, to, rewardPoint, points: formatNumber(moving) };
            return {
              question: t('register.manager.askTransfer', values),
              run: async () => {
                await api().route(routes.cards.transfer, {
                  params: { number },
                  body: { id: crypto.randomUUID(), to, rewardPoint },
                });
                setTarget('');
                return t('register.manager.transferred', values);
              },
            };
          }}
        >
          <label>
            {t('register.manager.toCard')}
            <input inputMode="numeric" value={target} onChange={(e) => setTarget(e.target.value)} />
          </label>
        </ConfirmedAction>
        <ConfirmedAction
          title={t('register.manager.award')}
          wide
          shortcut={7}
          onDone={onDone}
          online={ready}
          disabled={activityTypes.length === 0}
          prepare={async () => {
            const number = checked(numberText);
            if (!activity) throw new Error(t('register.manager.activityNeeded'));
            const type = activity;
            const card = await cardOf(number);
            const earns = activityPoints(setup, card, type, Date.now());
            const values = { number, type, points: heldPoints(t, card), earns };
            return {
              question: t(
                earns ? 'register.manager.askAward' : 'register.manager.askAwardNone',
                values,
              ),
              run: async () => {
                await api().route(routes.cards.award, {
                  params: { number },
                  body: { id: crypto.randomUUID(), type },
                });
                setActivity('');
                return t('register.manager.awarded', { number, type });
              },
            };
          }}
        >
          <label>
            {t('register.manager.activity')}
            <select value={activity} onChange={(e) => setActivity(e.target.value)}>
              <option value="">{t('register.manager.chooseActivity')}</option>
              {activityTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          {activityTypes.length === 0 && (
            <p className="hint">{t('register.manager.noActivities')}</p>
          )}
        </ConfirmedAction>
      </div>
      {shownHistory && (
        <CardHistoryTable number={shownHistory.number} entries={shownHistory.items} />
      )}
    </section>
  );
}
