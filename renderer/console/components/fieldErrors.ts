import { ApiError } from '../../common/api';
import { errorText, problemPath, problemSentence } from '../../common/errorText';

/**
 * A field the server named at fault, for an editor to mark its input. The server sends each as a
 * problem with a path and an issue code (never as English to be read back), and the sentence here
 * is in the reader's language.
 */
export interface FieldError {
  /** The path in the request body, as segments: ["tiers", "0", "id"]. */
  readonly path: readonly string[];
  readonly message: string;
}

/** The fields an error names: those of its problems; a taken id is the id field's problem. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ApiError)) return [];
  if (error.code === 'alreadyExists') return [{ path: ['id'], message: errorText(error) }];
  return (error.problems ?? []).map((problem) => ({
    path: problemPath(problem),
    message: problemSentence(problem),
  }));
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.every((segment, i) => path[i] === segment);

export const pathOf = (text: string): string[] => (text === '' ? [] : text.split('.'));

/** The errors at or below any of the given paths (an empty list of paths matches nothing). */
export const errorsAt = (
  errors: readonly FieldError[],
  paths: readonly string[],
): readonly FieldError[] =>
  errors.filter((error) => paths.some((path) => startsWith(error.path, pathOf(path))));

/** The errors below `prefix`, with the prefix taken off their paths. */
export const errorsUnder = (errors: readonly FieldError[], prefix: readonly string[]) =>
  errors
    .filter((error) => startsWith(error.path, prefix))
    .map((error) => ({ ...error, path: error.path.slice(prefix.length) }));
