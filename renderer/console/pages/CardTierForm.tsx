import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionForm } from '../components/ActionForm';
import { str, type FormValues } from '../components/form';
import { api as contract, type CardView } from '../../../shared/protocol/api';
import { formBody } from '../components/formBody';
import { useFirstItems } from '../components/useIds';
import { api } from '../session';

interface Props {
  readonly card: CardView;
  readonly done: (message: string) => void;
}

/** The tier ids of the card's program, lowest level first. */
function useProgramTiers(programId: string): string[] {
  const programs = useFirstItems(contract.hq.programs.list);
  return useMemo(() => {
    const tiers = programs.find((program) => program.id === programId)?.tiers ?? [];
    return [...tiers].sort((a, b) => a.level - b.level).map((tier) => tier.id);
  }, [programs, programId]);
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
        const body = formBody(contract.cards.setTier, {
          tier: str(values, 'tier'),
          reason: str(values, 'reason'),
          until: holdEnd(values),
        });
        await api.route(contract.cards.setTier, { params: { number: card.number }, body });
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
