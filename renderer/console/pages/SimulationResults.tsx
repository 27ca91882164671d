import { useTranslation } from 'react-i18next';
import { str, type FormValues } from '../components/form';
import type { StoredSale } from './SalePicker';
import { pointsText, rulesText, type SimulationOutput } from './simulatorInput';

export interface Outcome {
  readonly version: number;
  readonly active: boolean;
  readonly output: SimulationOutput;
}

/** Per basket line: what each version earns and which earning lines gave it (the "why"). */
export function SimulationResults({
  outcomes,
  basket,
  recorded,
}: {
  outcomes: Outcome[];
  basket: FormValues[];
  /** The past sale the basket came from: what the register recorded each line earned. */
  recorded: StoredSale | null;
}) {
  const fixed = recorded ? 4 : 3;
  const { t } = useTranslation();
  const heading = (outcome: Outcome) =>
    outcome.active
      ? t('simulator.activeVersion', { version: outcome.version })
      : t('simulator.thisVersion', { version: outcome.version });
  return (
    <section aria-label={t('simulator.results')}>
      <h3>{t('simulator.results')}</h3>
      <table aria-label={t('simulator.results')}>
        <thead>
          <tr>
            <th scope="col">{t('simulator.lineColumn')}</th>
            <th scope="col">{t('fields.product')}</th>
            <th scope="col">{t('simulator.netAmount')}</th>
            {recorded && <th scope="col">{t('simulator.recordedAtTill')}</th>}
            {outcomes.map((outcome) => [
              <th key={`e${outcome.version}`} scope="col">
                {t('simulator.earnedIn', { version: heading(outcome) })}
              </th>,
              <th key={`w${outcome.version}`} scope="col">
                {t('simulator.whyIn', { version: heading(outcome) })}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {basket.map((line, i) => (
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              <td>{str(line, 'product')}</td>
              <td>{str(line, 'netAmount')}</td>
              {recorded && <td>{pointsText(recorded.lines[i]?.earned)}</td>}
              {outcomes.map((outcome) => [
                <td key={`e${outcome.version}`}>{pointsText(outcome.output.lines[i]?.earned)}</td>,
                <td key={`w${outcome.version}`}>
                  {rulesText(outcome.output.lineRules[i]?.rules)}
                </td>,
              ])}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {(['earned', 'rules', 'cropped'] as const).map((part) => (
            <tr key={part}>
              <th scope="row" colSpan={fixed}>
                {t(`simulator.${part}`)}
              </th>
              {outcomes.map((outcome) => (
                <td key={outcome.version} colSpan={2}>
                  {(part === 'rules' ? rulesText : pointsText)(outcome.output[part])}
                </td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row" colSpan={fixed}>
              {t('simulator.canCover')}
            </th>
            {outcomes.map((outcome) => (
              <td key={outcome.version} colSpan={2}>
                {outcome.output.canCover}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
