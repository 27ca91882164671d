import { errorText } from '../../common/errorText';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseVatPercent, vatRatePercent } from '../../../shared/units/vat';
import { formatPercent } from '../../common/i18n';
import { api as contract, type AnswerOf } from '../../../shared/protocol/api';
import { api } from '../session';

type CountryRates = AnswerOf<typeof contract.hq.vatRates.list>['countries'][number];

interface Row {
  readonly key: number;
  category: string;
  percent: string;
}

let nextKey = 0;
const rowOf = (category = '', percent = ''): Row => ({ key: nextKey++, category, percent });

/**
 * VAT rates per store country and product category: a store's products carry the rate of their
 * category in its country, and a category without one sells at 0 %.
 */
export function VatRates() {
  const { t } = useTranslation();
  const [countries, setCountries] = useState<CountryRates[]>([]);
  const [country, setCountry] = useState('');
  const [rows, setRows] = useState<Row[]>([rowOf()]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    const list = await api.route(contract.hq.vatRates.list, {});
    setCountries(list.countries);
  }, []);
  useEffect(() => void load().catch(() => setCountries([])), [load]);

  function edit(picked: CountryRates) {
    setCountry(picked.country);
    setRows(picked.rates.map((r) => rowOf(r.category, vatRatePercent(r.rate))));
    setMessage(null);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const filled = rows.filter((row) => row.category.trim() !== '' || row.percent.trim() !== '');
    const bad = filled.find((row) => parseVatPercent(row.percent) === null);
    if (bad) {
      setMessage({ ok: false, text: t('vat.badRate', { rate: bad.percent }) });
      return;
    }
    const code = country.trim().toUpperCase();
    const rates = filled.map((row) => ({
      category: row.category.trim(),
      rate: parseVatPercent(row.percent) ?? 0,
    }));
    try {
      await api.route(contract.hq.vatRates.update, {
        params: { country: code },
        body: { country: code, rates },
      });
      setMessage({ ok: true, text: t('vat.saved', { country: code }) });
      await load();
    } catch (caught) {
      setMessage({ ok: false, text: errorText(caught) });
    }
  }

  const setRow = (key: number, change: Partial<Row>) =>
    setRows((all) => all.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <section aria-labelledby="vat-title">
      <h2 id="vat-title">{t('vat.title')}</h2>
      <p className="hint">{t('vat.intro')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('vat.country')}</th>
            <th scope="col">{t('vat.rates')}</th>
            <th scope="col">{t('vat.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {countries.map((c) => (
            <tr key={c.country}>
              <th scope="row">{c.country}</th>
              <td>{c.rates.map((r) => `${r.category} ${formatPercent(r.rate)}`).join(' · ')}</td>
              <td>
                <button type="button" onClick={() => edit(c)}>
                  {t('vat.edit', { country: c.country })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void save(e)} aria-label={t('vat.formTitle')} noValidate>
        <h3>{t('vat.formTitle')}</h3>
        <label>
          {t('vat.country')}
          <input
            value={country}
            onChange={(e) => setCountry(e.target.value)}
            maxLength={2}
            autoComplete="off"
          />
        </label>
        <small className="hint">{t('vat.countryHint')}</small>
        {rows.map((row, i) => (
          <fieldset key={row.key}>
            <legend>{t('vat.row', { n: i + 1 })}</legend>
            <label>
              {t('vat.category')}
              <input
                value={row.category}
                onChange={(e) => setRow(row.key, { category: e.target.value })}
                autoComplete="off"
              />
            </label>
            <label>
              {t('vat.ratePercent')}
              <input
                value={row.percent}
                onChange={(e) => setRow(row.key, { percent: e.target.value })}
                inputMode="decimal"
                autoComplete="off"
              />
            </label>
            <button
              type="button"
              onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
            >
              {t('vat.remove')}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setRows((all) => [...all, rowOf()])}>
          {t('vat.add')}
        </button>
        <button type="submit">{t('vat.save')}</button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
