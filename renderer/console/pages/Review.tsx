import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { errorsUnder, fieldErrorsOf, type FieldError } from '../components/fieldErrors';
import { api as contract, type ReviewItem } from '../../../shared/protocol/api';
import { formBody } from '../components/formBody';
import { api } from '../session';
import { FactEditor, parsedFact, type FactDraft } from './FactEditor';

type Action = 'repost' | 'void' | 'resolve';

/** One open item: what it is and why it is listed, a comment and the actions that settle it. */
function Item({
  item,
  busy,
  errors,
  onAction,
}: {
  item: ReviewItem;
  busy: boolean;
  /** The server's problems with this item's last corrected fact, by path inside the fact. */
  errors: readonly FieldError[];
  onAction: (item: ReviewItem, action: Action, comment: string, draft: FactDraft | null) => void;
}) {
  const { t } = useTranslation();
  const commentId = useId();
  const hintId = useId();
  const [comment, setComment] = useState('');
  const [draft, setDraft] = useState<FactDraft | null>(null);
  const rejected = item.kind === 'rejected';
  // A sale kept without its points: its loyalty part can be corrected and re-posted, or resolved.
  const kept = item.kind === 'loyaltyRejected';
  return (
    <article aria-label={t('review.item', { id: item.fact })}>
      <h3>{t('review.item', { id: item.fact })}</h3>
      <dl>
        <dt>{t('review.kind')}</dt>
        <dd>
          {rejected
            ? t('review.rejected')
            : kept
              ? t('review.kept')
              : t('review.flagged', { kind: item.kind })}
        </dd>
        <dt>{t('review.reason')}</dt>
        <dd>{item.reason ?? '–'}</dd>
        <dt>{t('review.type')}</dt>
        <dd>{item.type}</dd>
        <dt>{t('review.where')}</dt>
        <dd>{t('review.storeRegister', { store: item.store, register: item.register })}</dd>
        <dt>{t('review.deviceTime')}</dt>
        <dd>{formatDateTime(item.deviceTime)}</dd>
        <dt>{t('review.serverTime')}</dt>
        <dd>{formatDateTime(item.serverTime)}</dd>
        {item.card && (
          <>
            <dt>{t('review.card')}</dt>
            <dd>{item.card}</dd>
          </>
        )}
        {item.points !== null && (
          <>
            <dt>{t('review.points')}</dt>
            <dd>{formatNumber(item.points)}</dd>
          </>
        )}
        {item.failedReposts > 0 && (
          <>
            <dt>{t('review.failedReposts')}</dt>
            <dd>{formatNumber(item.failedReposts)}</dd>
          </>
        )}
      </dl>
      <label htmlFor={commentId}>{t('review.comment', { id: item.fact })}</label>
      <input
        id={commentId}
        value={comment}
        maxLength={500}
        onChange={(e) => setComment(e.target.value)}
        aria-describedby={hintId}
        autoComplete="off"
      />
      <small id={hintId} className="hint">
        {rejected ? t('review.commentHint') : kept ? t('review.keptHint') : t('review.resolveHint')}
      </small>
      {(rejected || kept) && (
        <FactEditor
          factId={item.fact}
          body={item.body}
          draft={draft}
          onDraft={setDraft}
          errors={errors}
        />
      )}
      <div className="buttons">
        {(rejected || kept) && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction(item, 'repost', comment, draft)}
          >
            {draft === null
              ? t('review.repost', { id: item.fact })
              : t('review.repostCorrected', { id: item.fact })}
          </button>
        )}
        {rejected ? (
          <>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => onAction(item, 'void', comment, null)}
            >
              {t('review.void', { id: item.fact })}
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction(item, 'resolve', comment, null)}
          >
            {t('review.resolve', { id: item.fact })}
          </button>
        )}
      </div>
    </article>
  );
}

/** Head office's review list: rejected facts with their reasons and flagged facts, to settle. */
export function Review() {
  const { t } = useTranslation();
  const titleId = useId();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [factErrors, setFactErrors] = useState<{ fact: string; errors: FieldError[] } | null>(null);

  const refresh = useCallback(async () => {
    try {
      const page = await api.route(contract.hq.review.list, {
        query: { state: 'open', limit: 200 },
      });
      setItems(page.items);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function settle(
    item: ReviewItem,
    action: Action,
    comment: string,
    draft: FactDraft | null,
  ) {
    const id = item.fact;
    const text = comment.trim();
    setMessage(null);
    setError(null);
    setFactErrors(null);
    if (action !== 'repost' && !text) {
      setError(t('review.commentRequired', { id }));
      return;
    }
    const corrected = draft === null ? null : parsedFact(draft.text);
    if (corrected && 'problem' in corrected) {
      setError(t('review.notJson', { id, problem: corrected.problem }));
      setFactErrors({ fact: id, errors: [{ path: [], message: corrected.problem }] });
      return;
    }
    setBusy(true);
    try {
      const review = contract.hq.review;
      const params = { factId: id };
      if (action === 'repost') {
        // A correction is JSON a person typed: the server checks it with the protocol's schema.
        const body = formBody(review.repost, {
          ...(text ? { comment: text } : {}),
          ...(corrected ? { fact: corrected.fact } : {}),
        });
        const result = await api.route(review.repost, { params, body });
        if (result.outcome === 'posted')
          setMessage(
            result.flagged ? t('review.postedFlagged', { id }) : t('review.posted', { id }),
          );
        else
          setError(
            t(
              item.kind === 'loyaltyRejected' ? 'review.keptRejectedAgain' : 'review.rejectedAgain',
              {
                id,
                reason: result.reason ?? '',
              },
            ),
          );
      } else {
        const result = await api.route(review[action], { params, body: { comment: text } });
        setMessage(
          result.outcome === 'voided' ? t('review.voided', { id }) : t('review.resolved', { id }),
        );
      }
    } catch (caught) {
      setError(errorText(caught));
      setFactErrors({ fact: id, errors: errorsUnder(fieldErrorsOf(caught), ['fact']) });
    } finally {
      setBusy(false);
    }
    await refresh();
  }

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('review.title')}</h2>
      <button type="button" className="secondary" onClick={() => void refresh()}>
        {t('review.refresh')}
      </button>
      {error && <p role="alert">{error}</p>}
      <p role="status">{message}</p>
      {items && items.length === 0 && <p>{t('review.empty')}</p>}
      {items?.map((item) => (
        <Item
          key={`${item.kind}:${item.fact}`}
          item={item}
          busy={busy}
          errors={factErrors?.fact === item.fact ? factErrors.errors : []}
          onAction={(it, action, comment, draft) => void settle(it, action, comment, draft)}
        />
      ))}
    </section>
  );
}
