import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionForm } from '../components/ActionForm';
import { str, type FormValues } from '../components/form';
import { api } from '../session';
import type { CardView } from './cardTypes';

interface Props {
  readonly card: CardView;
  readonly done: (message: string) => void;
}

/** The tier ids of the card's program, lowest level first. */
function useProgramTiers(programId: string): string[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api
      .call<{ items: { id: string; tiers: { id: string; level: number }[] }[] }>(
        'GET',
        '/api/hq/programs?limit=500',
      )
      .then((page) => {
        const tiers = page.items.find((p) => p.id === programId)?.tiers ?? [];
        if (current) setIds([...tiers].sort((a, b) => a.level - b.level).map((tier) => tier.id));
      })
      .catch(() => current && setIds([]));
    return () => {
      current = false;
    };
  }, [programId]);
  return ids;
}

/** The date typed (YYYY-MM-DD) as the instant the hold ends: the start of that day, UTC. */
const holdEnd = (values: FormValues): string => `${str(values, 'until')}T00:00:00Z`;

/**
 * Sets the card's tier by hand with a reason, held until a date (PRODUCT 4.5); asks first, naming
 * the card, the tier and the date.
 */
export function CardTierForm({ card, done }: Props) {
  const { t } = useTranslation();
  const tiers = useProgramTiers(card.program);
  const ask = (values: FormValues) =>
    str(values, 'tier') && str(values, 'until')
      ? t('card.askSetTier', {
          number: card.number,
          tier: str(values, 'tier'),
          date: str(values, 'until'),
          reason: str(values, 'reason'),
        })
      : null;
  return (
    <ActionForm
      title={t('card.setTier')}
      submitLabel={t('card.setTierButton')}
      initial={{ tier: '', reason: '', until: '' }}
      resetAfter
      confirm={ask}
      fields={[
        {
          kind: 'select',
          name: 'tier',
          label: t('fields.tier'),
          options: [{ value: '', label: '' }, ...tiers.map((id) => ({ value: id, label: id }))],
        },
        { kind: 'text', name: 'reason', label: t('card.reason') },
        { kind: 'text', name: 'until', label: t('card.tierUntil'), hint: t('card.tierUntilHint') },
      ]}
      onSubmit={async (values) => {
        await api.call('PUT', `/api/cards/${card.number}/tier`, {
          tier: str(values, 'tier'),
          reason: str(values, 'reason'),
          until: holdEnd(values),
        });
        done(
          t('card.tierSet', {
            number: card.number,
            tier: str(values, 'tier'),
            date: str(values, 'until'),
          }),
        );
      }}
    />
  );
}
