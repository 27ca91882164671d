import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../components/fieldErrors';

/** A correction being written: the fact as JSON text. */
export interface FactDraft {
  readonly text: string;
}

/** The draft as a value to send, or why it is not JSON (the server checks the rest). */
export function parsedFact(text: string): { fact: unknown } | { problem: string } {
  try {
    return { fact: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

const describe = (error: FieldError) =>
  error.path.length > 0 ? `${error.path.join('.')}: ${error.message}` : error.message;

/**
 * Head office corrects a rejected fact before re-posting it (a line's amount, an entry's points):
 * the stored body as JSON to edit. The server validates it with the protocol's schema and refuses
 * a change of id, store, register or type; its problems are shown at the text, with their paths.
 */
export function FactEditor({
  factId,
  body,
  draft,
  onDraft,
  errors,
}: {
  factId: string;
  body: unknown;
  draft: FactDraft | null;
  onDraft: (draft: FactDraft | null) => void;
  errors: readonly FieldError[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  if (draft === null)
    return (
      <button
        type="button"
        className="secondary"
        aria-expanded={false}
        onClick={() => onDraft({ text: JSON.stringify(body, null, 2) })}
      >
        {t('review.correct', { id: factId })}
      </button>
    );
  return (
    <div className="field fact-editor">
      <label htmlFor={id}>{t('review.correctedFact', { id: factId })}</label>
      <textarea
        id={id}
        value={draft.text}
        rows={16}
        spellCheck={false}
        onChange={(e) => onDraft({ text: e.target.value })}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={errors.length > 0 ? `${errorId} ${hintId}` : hintId}
      />
      {errors.length > 0 && (
        <small id={errorId} className="field-error">
          {errors.map(describe).join('; ')}
        </small>
      )}
      <small id={hintId} className="hint">
        {t('review.correctedHint')}
      </small>
      <button
        type="button"
        className="secondary"
        aria-expanded={true}
        onClick={() => onDraft(null)}
      >
        {t('review.discardCorrection', { id: factId })}
      </button>
    </div>
  );
}
