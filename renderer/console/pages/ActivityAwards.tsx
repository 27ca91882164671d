import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api as contract, type ActivityAwardView } from '../../../shared/protocol/api';
import { errorText } from '../../common/errorText';
import { formatDateTime, formatNumber } from '../../common/i18n';
import { api } from '../session';

type Decision = 'post' | 'reject';

/** What an award gives, per reward point: "40 STAR". */
const pointsText = (award: ActivityAwardView) =>
  award.points.map((p) => `${formatNumber(p.points)} ${p.rewardPoint}`).join(', ');

/**
 * Other activity awards waiting for head office (a type that needs review, as Dynamics' journal
 * of other-activity lines): what each gives which card and why, to post or reject.
 */
export function ActivityAwards() {
  const { t } = useTranslation();
  const titleId = useId();
  const [items, setItems] = useState<ActivityAwardView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await api.route(contract.hq.activityAwards.list, {
        query: { status: 'waiting' },
      });
      setItems(list.items);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function decide(award: ActivityAwardView, decision: Decision) {
    setBusy(true);
    setMessage(null);
    setError(null);
    const route =
      decision === 'post' ? contract.hq.activityAwards.post : contract.hq.activityAwards.reject;
    try {
      await api.route(route, { params: { id: award.id } });
      const values = { type: award.typeName, card: award.card, points: pointsText(award) };
      setMessage(decision === 'post' ? t('awards.posted', values) : t('awards.rejected', values));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
    await refresh();
  }

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('awards.title')}</h2>
      <p>{t('awards.intro')}</p>
      <button type="button" className="secondary" onClick={() => void refresh()}>
        {t('awards.refresh')}
      </button>
      {error && <p role="alert">{error}</p>}
      <p role="status">{message}</p>
      {items && items.length === 0 && <p>{t('awards.empty')}</p>}
      {items && items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('awards.awardedAt')}</th>
              <th scope="col">{t('awards.card')}</th>
              <th scope="col">{t('awards.type')}</th>
              <th scope="col">{t('awards.source')}</th>
              <th scope="col">{t('awards.points')}</th>
              <th scope="col">{t('awards.by')}</th>
              <th scope="col">{t('awards.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((award) => (
              <tr key={award.id}>
                <td>{formatDateTime(award.awardedAt)}</td>
                <td>
                  <a href={`#cards/${encodeURIComponent(award.card)}`}>{award.card}</a>
                </td>
                <td>{award.typeName}</td>
                <td>{t(`awards.sources.${award.source}`)}</td>
                <td>{pointsText(award)}</td>
                <td>{[award.staff, award.store].filter(Boolean).join(' · ') || '–'}</td>
                <td className="buttons">
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={t('awards.postLabel', { type: award.typeName, card: award.card })}
                    onClick={() => void decide(award, 'post')}
                  >
                    {t('awards.post')}
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={busy}
                    aria-label={t('awards.rejectLabel', { type: award.typeName, card: award.card })}
                    onClick={() => void decide(award, 'reject')}
                  >
                    {t('awards.reject')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
