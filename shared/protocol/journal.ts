import { z } from 'zod';
import { IsoInstant } from '../domain/common';
import { Fact } from './sync';

/**
 * The file a desktop register exports from its journal of unsynced facts, for the server to
 * import when the register itself cannot push: one JSON object per line, a header first, then one
 * fact per line in the sync protocol's own shape. A fact's id keeps the import idempotent.
 */
export const JOURNAL_KIND = 'registerJournal';
export const JOURNAL_VERSION = 1;

export const JournalHeader = z.object({
  kind: z.literal(JOURNAL_KIND),
  version: z.literal(JOURNAL_VERSION),
  /** The register's clock when it wrote the export. */
  exportedAt: IsoInstant,
});
export type JournalHeader = z.infer<typeof JournalHeader>;

export interface JournalLine {
  /** 1-based, as an editor shows it. */
  readonly line: number;
  readonly fact: Fact;
}

export interface JournalProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedJournal {
  readonly header: JournalHeader | null;
  readonly facts: readonly JournalLine[];
  readonly problems: readonly JournalProblem[];
}

export function journalHeaderLine(exportedAt: string): string {
  const header: JournalHeader = { kind: JOURNAL_KIND, version: JOURNAL_VERSION, exportedAt };
  return JSON.stringify(header);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
}

function isHeaderLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/**
 * Reads an exported journal line by line: blank lines are skipped, a header is optional (and only
 * allowed first), every other line must be one valid fact. A bad line is reported with its number
 * and never stops the lines after it.
 */
export function parseJournal(text: string): ParsedJournal {
  let header: JournalHeader | null = null;
  const facts: JournalLine[] = [];
  const problems: JournalProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const json = parseJson(raw);
    if ('error' in json) return problems.push({ line, message: json.error });
    if (isHeaderLike(json.value)) {
      const parsed = JournalHeader.safeParse(json.value);
      if (!parsed.success)
        return problems.push({ line, message: `bad header: ${describeIssues(parsed.error)}` });
      if (header || facts.length > 0 || problems.length > 0)
        return problems.push({ line, message: 'a header is only allowed on the first line' });
      header = parsed.data;
      return;
    }
    const fact = Fact.safeParse(json.value);
    if (!fact.success)
      return problems.push({ line, message: `not a fact: ${describeIssues(fact.error)}` });
    facts.push({ line, fact: fact.data });
  });
  return { header, facts, problems };
}
