import { errorText } from '../../common/errorText';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionForm } from '../components/ActionForm';
import { bool, int, optInt, str, type FormValues } from '../components/form';
import { useIds } from '../components/useIds';
import { hrefOf } from '../routes';
import { api } from '../session';
import { askAdjust, askBlock, askReplace, askTransfer } from './cardQuestions';
import { CardTierForm } from './CardTierForm';
import { api as contract, type CardView } from '../../../shared/protocol/api';
import { formBody } from '../components/formBody';

interface Props {
  readonly card: CardView;
  /** After an action: reload the card and its history, and say what happened. */
  readonly done: (message: string) => void;
}

/** An idempotency key, so a repeated click posts once (randomUUID needs a secure context). */
const onceKey = (): { id?: string } =>
  typeof crypto.randomUUID === 'function' ? { id: crypto.randomUUID() } : {};

const optionalComment = (values: FormValues) =>
  str(values, 'comment') ? { comment: str(values, 'comment') } : {};

/**
 * Block, link an anonymous card to a customer, adjust, transfer, set the tier by hand, replace. Each change of points
 * or state asks first, naming the card, the points and the effect; adjust, transfer and replace
 * empty their form once done, so a second click cannot repeat them.
 */
export function CardActions({ card, done }: Props) {
  const { t } = useTranslation();
  const rewardPoints = useIds(contract.hq.rewardPoints.list);
  const customers = useIds(contract.hq.customers.list);
  const [confirmBlock, setConfirmBlock] = useState(false);
  const [blockError, setBlockError] = useState<string | null>(null);
  const params = { number: card.number };
  const cards = contract.cards;
  // The card's own reward point; the others are suggested as the user types.
  const firstRewardPoint = card.balances[0]?.rewardPoint ?? '';

  async function block() {
    setConfirmBlock(false);
    setBlockError(null);
    try {
      await api.route(cards.block, { params });
      done(t('card.blockedNow', { number: card.number }));
    } catch (caught) {
      setBlockError(errorText(caught));
    }
  }

  const rewardPointField = {
    kind: 'text',
    name: 'rewardPoint',
    label: t('fields.rewardPoint'),
    suggestions: rewardPoints,
  } as const;

  return (
    <div className="card-actions">
      {card.status === 'active' && (
        <div>
          <button type="button" className="danger" onClick={() => setConfirmBlock(true)}>
            {t('card.block', { number: card.number })}
          </button>
          {confirmBlock && (
            <div
              role="alertdialog"
              className="confirm"
              aria-label={t('confirm.title', { action: t('card.block', { number: card.number }) })}
            >
              <p>{askBlock(t, card)}</p>
              <button type="button" className="danger" onClick={() => void block()}>
                {t('card.confirmBlock', { number: card.number })}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirmBlock(false)}>
                {t('confirm.no')}
              </button>
            </div>
          )}
          {blockError && <p role="alert">{blockError}</p>}
        </div>
      )}
      {card.customer === null && card.status !== 'replaced' && (
        <ActionForm
          title={t('card.link')}
          submitLabel={t('card.linkButton')}
          initial={{ customer: '' }}
          fields={[
            {
              kind: 'text',
              name: 'customer',
              label: t('cards.customerId'),
              hint: t('card.linkHint'),
              suggestions: customers,
            },
          ]}
          onSubmit={async (values) => {
            await api.route(cards.link, { params, body: { customer: str(values, 'customer') } });
            done(t('card.linked', { customer: str(values, 'customer') }));
          }}
        />
      )}
      <ActionForm
        title={t('card.adjust')}
        submitLabel={t('card.adjustButton')}
        initial={{ rewardPoint: firstRewardPoint, points: '', comment: '' }}
        resetAfter
        confirm={(values) => askAdjust(t, card, values)}
        fields={[
          rewardPointField,
          { kind: 'text', name: 'points', label: t('fields.points'), hint: t('card.pointsHint') },
          { kind: 'text', name: 'comment', label: t('card.reason') },
        ]}
        onSubmit={async (values) => {
          const body = formBody(cards.adjust, {
            ...onceKey(),
            rewardPoint: str(values, 'rewardPoint'),
            points: int(values, 'points'),
            comment: str(values, 'comment'),
          });
          await api.route(cards.adjust, { params, body });
          done(t('card.adjusted'));
        }}
      />
      <ActionForm
        title={t('card.transfer')}
        submitLabel={t('card.transferButton')}
        initial={{ to: '', rewardPoint: firstRewardPoint, points: '', comment: '' }}
        resetAfter
        confirm={(values) => askTransfer(t, card, values)}
        fields={[
          { kind: 'text', name: 'to', label: t('card.to') },
          rewardPointField,
          { kind: 'text', name: 'points', label: t('fields.points'), hint: t('card.allHint') },
          { kind: 'text', name: 'comment', label: t('card.comment') },
        ]}
        onSubmit={async (values) => {
          const points = optInt(values, 'points');
          const body = formBody(cards.transfer, {
            ...onceKey(),
            to: str(values, 'to'),
            rewardPoint: str(values, 'rewardPoint'),
            ...(points === null ? {} : { points }),
            ...optionalComment(values),
          });
          await api.route(cards.transfer, { params, body });
          done(t('card.transferred', { to: str(values, 'to') }));
        }}
      />
      {card.status !== 'replaced' && <CardTierForm card={card} done={done} />}
      <ActionForm
        title={t('card.replace')}
        submitLabel={t('card.replaceButton')}
        initial={{ number: '', fromSequence: true, comment: '' }}
        resetAfter
        confirm={(values) => askReplace(t, card, values)}
        fields={[
          {
            kind: 'text',
            name: 'number',
            label: t('cards.newNumber'),
            hint: t('cards.newNumberHint'),
          },
          { kind: 'checkbox', name: 'fromSequence', label: t('cards.fromSequence') },
          { kind: 'text', name: 'comment', label: t('card.comment') },
        ]}
        onSubmit={async (values) => {
          const body = formBody(cards.replace, {
            ...(str(values, 'number') ? { number: str(values, 'number') } : {}),
            ...(bool(values, 'fromSequence') ? { fromSequence: true } : {}),
            ...optionalComment(values),
          });
          const moved = await api.route(cards.replace, { params, body });
          done(t('card.replacedBy', { number: moved.to.number }));
        }}
      >
        <p>
          <small>{t('card.replaceHint')}</small>
        </p>
      </ActionForm>
      <p>
        <a href={hrefOf('cards')}>{t('card.back')}</a>
      </p>
    </div>
  );
}
