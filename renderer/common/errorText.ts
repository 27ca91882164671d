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

/** Where a request's validation puts a problem; the rest of its path is in the request. */
const REQUEST_PARTS = new Set(['body', 'querystring', 'params']);

/** A problem's path in the request as segments: "body.tiers.0.id" and "tiers.0.id" give the same. */
export function problemPath(problem: RequestProblem): string[] {
  const segments = problem.path === '' ? [] : problem.path.split('.');
  return REQUEST_PARTS.has(segments[0] ?? '') ? segments.slice(1) : segments;
}

/** A field by its name in the request, in the reader's language ("rewardPoint": "Reward point"). */
function fieldLabel(name: string): string {
  return i18next.exists(`fields.${name}`) ? i18next.t(`fields.${name}`) : name;
}

/** The field a problem is about, by its last name in the path ("lines.0.points": Points). */
function fieldName(problem: RequestProblem): string {
  const last = problemPath(problem)
    .filter((part) => !/^\d+$/.test(part))
    .at(-1);
  return last === undefined ? '' : fieldLabel(last);
}

/** What is wrong with a field, without its name: "must be at least 1." */
export function problemSentence(problem: RequestProblem): string {
  const issue = i18next.exists(`validation.${problem.issue}`) ? problem.issue : 'invalid';
  return i18next.t(`validation.${issue}`, {
    limit: problem.limit,
    value: problem.value,
    owner: problem.owner,
    other: problem.other === undefined ? undefined : fieldLabel(problem.other),
  });
}

/** One problem as a sentence that names its field: "Points: must be at least 1." */
function problemText(problem: RequestProblem): string {
  const text = problemSentence(problem);
  const field = fieldName(problem);
  return field ? i18next.t('validation.field', { field, problem: text }) : text;
}

/**
 * An error in the reader's language. A server error's code picks the sentence (`errors.<code>`), its
 * details fill it in, and the fields at fault (a refused request's, or those a rule names) follow,
 * each by its name in the reader's language. A code without a sentence yet still reads as a
 * sentence, never as the server's technical message.
 */
export function errorText(error: unknown): string {
  // The register's and console's own errors are already written for a person.
  if (!isCoded(error) && error instanceof Error) return error.message;
  const coded: Coded = isCoded(error) ? error : { code: 'unexpected' };
  const key = `errors.${coded.code}`;
  const values = { code: coded.code, ...(isRecord(coded.details) ? coded.details : {}) };
  const sentence = i18next.exists(key)
    ? i18next.t(key, values)
    : i18next.t('errors.unexpected', values);
  if (coded.problems && coded.problems.length > 0)
    return [sentence, ...coded.problems.map(problemText)].join(' ');
  return sentence;
}
