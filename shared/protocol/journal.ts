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

/** A problem's message is cut here: a line of garbage must not come back many times its size. */
export const MAX_PROBLEM_MESSAGE = 300;

const UTF8_BOM = '\uFEFF';

function problem(line: number, message: string): JournalProblem {
  const cut = message.length > MAX_PROBLEM_MESSAGE;
  return { line, message: cut ? `${message.slice(0, MAX_PROBLEM_MESSAGE)}...` : message };
}

/** What one line of a journal is: a fact, a problem, or nothing (blank, or the header). */
export type JournalLineResult =
  { readonly fact: JournalLine } | { readonly problem: JournalProblem } | null;

/**
 * Reads an exported journal one line at a time, so a large one never has to be held whole: blank
 * lines are skipped, a header is optional (and only allowed first; a UTF-8 byte order mark before
 * it is dropped), every other line must be one valid fact.
 */
export class JournalReader {
  header: JournalHeader | null = null;
  private seenAny = false;

  read(raw: string, line: number): JournalLineResult {
    const text = line === 1 && raw.startsWith(UTF8_BOM) ? raw.slice(1) : raw;
    if (text.trim() === '') return null;
    const first = !this.seenAny;
    this.seenAny = true;
    const json = parseJson(text);
    if ('error' in json) return { problem: problem(line, json.error) };
    if (isHeaderLike(json.value)) {
      const parsed = JournalHeader.safeParse(json.value);
      if (!parsed.success)
        return { problem: problem(line, `bad header: ${describeIssues(parsed.error)}`) };
      if (!first) return { problem: problem(line, 'a header is only allowed on the first line') };
      this.header = parsed.data;
      return null;
    }
    const fact = Fact.safeParse(json.value);
    if (!fact.success)
      return { problem: problem(line, `not a fact: ${describeIssues(fact.error)}`) };
    return { fact: { line, fact: fact.data } };
  }
}

/** Reads a whole exported journal held in memory (the desktop shell's own, the command line's). */
export function parseJournal(text: string): ParsedJournal {
  const reader = new JournalReader();
  const facts: JournalLine[] = [];
  const problems: JournalProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const result = reader.read(raw, index + 1);
    if (result && 'fact' in result) facts.push(result.fact);
    else if (result) problems.push(result.problem);
  });
  return { header: reader.header, facts, problems };
}
