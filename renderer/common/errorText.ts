import i18next from 'i18next';
import type { RequestProblem } from './api';

/** What a sentence is picked by: an ApiError, or just its code. */
interface Coded {
  readonly code: string;
  readonly details?: unknown;
  readonly problems?: readonly RequestProblem[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCoded = (value: unknown): value is Coded =>
  isRecord(value) && typeof value['code'] === 'string';

/** The field a problem is about, by its last name in the path ("body.lines.0.points": points). */
function fieldName(path: string): string {
  const names = path.split('.').filter((part) => !/^\d+$/.test(part));
  const last = names.length > 1 ? (names.at(-1) ?? '') : '';
  return i18next.exists(`fields.${last}`) ? i18next.t(`fields.${last}`) : last;
}

/** One validation problem as a sentence: "Points: must be at least 1." */
function problemText(problem: RequestProblem): string {
  const issue = i18next.exists(`validation.${problem.issue}`) ? problem.issue : 'invalid';
  const text = i18next.t(`validation.${issue}`, { limit: problem.limit });
  const field = fieldName(problem.path);
  return field ? i18next.t('validation.field', { field, problem: text }) : text;
}

/**
 * An error in the reader's language. A server error's code picks the sentence (`errors.<code>`), its
 * details fill it in, a refused request lists its problems. A code without a sentence yet still
 * reads as a sentence, never as the server's technical message.
 */
export function errorText(error: unknown): string {
  // The register's and console's own errors are already written for a person.
  if (!isCoded(error) && error instanceof Error) return error.message;
  const coded: Coded = isCoded(error) ? error : { code: 'unexpected' };
  if (coded.code === 'invalidRequest' && coded.problems && coded.problems.length > 0)
    return [i18next.t('errors.invalidRequest'), ...coded.problems.map(problemText)].join(' ');
  const key = `errors.${coded.code}`;
  const values = { code: coded.code, ...(isRecord(coded.details) ? coded.details : {}) };
  return i18next.exists(key) ? i18next.t(key, values) : i18next.t('errors.unexpected', values);
}
