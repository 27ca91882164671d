import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistributedReward } from '../../../../shared/domain/loyalty';
import { api as contract } from '../../../../shared/protocol/api';
import { errorText } from '../../../common/errorText';
import { formatNumber } from '../../../common/i18n';
import { fieldErrorsOf, type FieldError } from '../../components/fieldErrors';
import { formBody } from '../../components/formBody';
import { FormFields } from '../../components/FormFields';
import { str, type FormValues } from '../../components/form';
import { api } from '../../session';
import { benefitText, rewardBody, rewardFields, rewardForm } from './rewardForm';

const PAGE = 500;

/** Every reward of the catalogue and the ids of the reward points a reward may be priced in. */
function useCatalogue() {
  const [rewards, setRewards] = useState<DistributedReward[]>([]);
  const [rewardPoints, setRewardPoints] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [list, points] = await Promise.all([
        api.route(contract.hq.rewards.list, { query: { limit: PAGE } }),
        api.route(contract.hq.rewardPoints.list, { query: { limit: PAGE } }),
      ]);
      setRewards(list.items);
      setRewardPoints(points.items.filter((rp) => rp.redeemable).map((rp) => rp.id));
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }, []);
  useEffect(() => void load(), [load]);
  return { rewards, rewardPoints, error, reload: () => void load() };
}

/**
 * The rewards catalogue: a free product, or an amount or percent off a product, a category or the
 * sale, priced in points of a redeemable reward point. Saving a reward makes its next version; the
 * stores receive the active ones with the next distribution.
 */
export function Rewards() {
  const { t } = useTranslation();
  const titleId = useId();
  const catalogue = useCatalogue();
  const [open, setOpen] = useState<{ item: DistributedReward | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('rewards.title')}</h2>
      <p>{t('rewards.intro')}</p>
      {catalogue.error && <p role="alert">{catalogue.error}</p>}
      {saved && <p role="status">{saved}</p>}
      <button
        type="button"
        onClick={() => {
          setSaved(null);
          setOpen({ item: null });
        }}
      >
        {t('rewards.new')}
      </button>
      <table aria-label={t('rewards.title')}>
        <thead>
          <tr>
            <th scope="col">{t('fields.id')}</th>
            <th scope="col">{t('fields.name')}</th>
            <th scope="col">{t('rewards.benefit')}</th>
            <th scope="col">{t('rewards.price')}</th>
            <th scope="col">{t('rewards.maximum')}</th>
            <th scope="col">{t('rewards.active')}</th>
            <th scope="col">{t('rewards.version')}</th>
            <th scope="col">{t('resource.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {catalogue.rewards.map((reward) => (
            <tr key={reward.id}>
              <td>{reward.id}</td>
              <td>{reward.name}</td>
              <td>{benefitText(t, reward.benefit)}</td>
              <td>{`${formatNumber(reward.points)} ${reward.rewardPoint}`}</td>
              <td>{reward.maximum ?? '—'}</td>
              <td>{reward.active ? t('resource.yes') : t('resource.no')}</td>
              <td>{reward.version}</td>
              <td className="actions">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setSaved(null);
                    setOpen({ item: reward });
                  }}
                >
                  {t('resource.edit', { id: reward.id })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <RewardEditor
          key={open.item ? `${open.item.id}@${open.item.version}` : 'new'}
          item={open.item}
          rewardPoints={catalogue.rewardPoints}
          onCancel={() => setOpen(null)}
          onSaved={(reward) => {
            setSaved(t('rewards.saved', { id: reward.id, version: reward.version }));
            setOpen({ item: reward });
            catalogue.reload();
          }}
        />
      )}
    </section>
  );
}

function RewardEditor({
  item,
  rewardPoints,
  onCancel,
  onSaved,
}: {
  item: DistributedReward | null;
  rewardPoints: readonly string[];
  onCancel: () => void;
  onSaved: (reward: DistributedReward) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const errorId = useId();
  const [values, setValues] = useState<FormValues>(() => rewardForm(item));
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors([]);
    try {
      const { create, update } = contract.hq.rewards;
      const body = rewardBody(values);
      const reward = item
        ? await api.route(update, { params: { id: item.id }, body: formBody(update, body) })
        : await api.route(create, { body: formBody(create, body) });
      onSaved(reward);
    } catch (caught) {
      setError(errorText(caught));
      setFieldErrors(fieldErrorsOf(caught));
    } finally {
      setBusy(false);
    }
  }

  const heading = item
    ? t('rewards.editVersion', { id: item.id, version: item.version })
    : t('rewards.new');
  return (
    <form
      className="editor"
      onSubmit={submit}
      aria-labelledby={headingId}
      aria-describedby={error ? errorId : undefined}
      noValidate
    >
      <h3 id={headingId}>{heading}</h3>
      {item && <p className="hint">{t('rewards.newVersionHint')}</p>}
      <FormFields
        fields={rewardFields(t, str(values, 'benefitKind'), rewardPoints)}
        values={values}
        onChange={setValues}
        editing={item !== null}
        errors={fieldErrors}
      />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('resource.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('resource.close')}
        </button>
      </div>
    </form>
  );
}
