import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionForm } from '../components/ActionForm';
import { bool, optStr, str, type FormValues } from '../components/form';
import { useIds } from '../components/useIds';
import { hrefOf, navigate } from '../routes';
import { api } from '../session';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { formBody } from '../components/formBody';

type CardHit = AnswerOf<typeof contract.cards.search>['items'][number];

const SEARCH_KEYS = ['number', 'name', 'phone', 'email'] as const;

/** The search fields filled in; an empty one is left out. */
function searchQuery(values: FormValues): Partial<Record<(typeof SEARCH_KEYS)[number], string>> {
  return Object.fromEntries(
    SEARCH_KEYS.filter((key) => str(values, key)).map((key) => [key, str(values, key)]),
  );
}

function Results({ hits }: { hits: CardHit[] }) {
  const { t } = useTranslation();
  if (hits.length === 0) return <p role="status">{t('cards.noResults')}</p>;
  return (
    <table aria-label={t('cards.results')}>
      <thead>
        <tr>
          <th scope="col">{t('cards.number')}</th>
          <th scope="col">{t('fields.status')}</th>
          <th scope="col">{t('fields.tier')}</th>
          <th scope="col">{t('cards.customer')}</th>
          <th scope="col">{t('fields.email')}</th>
          <th scope="col">{t('fields.phone')}</th>
        </tr>
      </thead>
      <tbody>
        {hits.map((hit) => (
          <tr key={hit.number}>
            <td>
              <a
                href={hrefOf('cards', hit.number)}
                aria-label={t('cards.open', { number: hit.number })}
              >
                {hit.number}
              </a>
            </td>
            <td>{t(`cards.statuses.${hit.status}`)}</td>
            <td>{hit.tier}</td>
            <td>{hit.customer?.name ?? t('cards.anonymous')}</td>
            <td>{hit.customer?.email}</td>
            <td>{hit.customer?.phone}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Find cards by number, customer name, phone or e-mail; issue a new card. */
export function Cards() {
  const { t } = useTranslation();
  const titleId = useId();
  const programs = useIds(contract.hq.programs.list);
  const [hits, setHits] = useState<CardHit[] | null>(null);

  async function search(values: FormValues) {
    const page = await api.route(contract.cards.search, { query: searchQuery(values) });
    setHits(page.items);
  }

  async function issue(values: FormValues) {
    const body = formBody(contract.cards.issue, {
      ...(str(values, 'number') ? { number: str(values, 'number') } : {}),
      ...(bool(values, 'fromSequence') ? { fromSequence: true } : {}),
      customer: optStr(values, 'customer'),
      ...(str(values, 'program') ? { program: str(values, 'program') } : {}),
    });
    const card = await api.route(contract.cards.issue, { body });
    navigate('cards', card.number);
  }

  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('cards.title')}</h2>
      <ActionForm
        title={t('cards.search')}
        submitLabel={t('cards.searchButton')}
        initial={{ number: '', name: '', phone: '', email: '' }}
        fields={[
          { kind: 'text', name: 'number', label: t('cards.number'), hint: t('cards.numberHint') },
          { kind: 'text', name: 'name', label: t('cards.customerName'), hint: t('cards.nameHint') },
          { kind: 'text', type: 'tel', name: 'phone', label: t('fields.phone') },
          { kind: 'text', type: 'email', name: 'email', label: t('fields.email') },
        ]}
        onSubmit={search}
      />
      {hits && <Results hits={hits} />}
      <ActionForm
        title={t('cards.issue')}
        submitLabel={t('cards.issueButton')}
        initial={{ number: '', fromSequence: true, customer: '', program: '' }}
        fields={[
          {
            kind: 'text',
            name: 'number',
            label: t('cards.newNumber'),
            hint: t('cards.newNumberHint'),
          },
          { kind: 'checkbox', name: 'fromSequence', label: t('cards.fromSequence') },
          {
            kind: 'text',
            name: 'customer',
            label: t('cards.customerId'),
            hint: t('cards.customerHint'),
          },
          {
            kind: 'text',
            name: 'program',
            label: t('fields.program'),
            hint: t('cards.programHint'),
            suggestions: programs,
          },
        ]}
        onSubmit={issue}
      />
    </section>
  );
}
