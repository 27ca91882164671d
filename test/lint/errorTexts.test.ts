import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonTexts } from '../../renderer/common/locales';

const SERVER = join(import.meta.dirname, '../../sync-server/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The codes the server's error helpers give themselves, whatever their first argument. */
const FIXED_CODES = ['unauthorized', 'forbidden', 'notFound', 'invalidRequest', 'internal'];
/** Error helpers whose first argument is the code, and constructors whose second is. */
const CODE_FIRST =
  /\b(?:badRequest|invalidFields?|conflict|tooLarge|tooMany|unavailable)\(\s*'([A-Za-z]+)'/g;
const CODE_SECOND = /new (?:DomainError|ApiError)\(\s*(?:'[A-Za-z]+'|\d+),\s*'([A-Za-z]+)'/g;
/** Codes kept in a table of their own (the enrolment refusals). */
const CODE_TABLE = /^\s*\[?\s*'((?:enrolment)[A-Za-z]+)',/gm;

function serverErrorCodes(): string[] {
  const codes = new Set(FIXED_CODES);
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of [CODE_FIRST, CODE_SECOND, CODE_TABLE])
      for (const match of text.matchAll(pattern)) if (match[1]) codes.add(match[1]);
  }
  return [...codes].sort();
}

/** The issue of a field at fault: the third argument of invalidField, the second of fieldFault. */
const FIELD_ISSUES = [
  /\binvalidField\(\s*'[A-Za-z]+',\s*[^,]+,\s*'([A-Za-z]+)'/g,
  /\bfieldFault\(\s*[^,]+,\s*'([A-Za-z]+)'/g,
];

function serverFieldIssues(): string[] {
  const issues = new Set<string>();
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of FIELD_ISSUES)
      for (const match of text.matchAll(pattern)) if (match[1]) issues.add(match[1]);
  }
  return [...issues].sort();
}

describe('the problems the server names a field by', () => {
  const issues = serverFieldIssues();

  it('are found in the server source', () => {
    expect(issues).toEqual(expect.arrayContaining(['unknownReference', 'notAfter', 'required']));
  });

  it.each(Object.keys(commonTexts))('each have a sentence in %s', (language) => {
    const validation = commonTexts[language as keyof typeof commonTexts].validation as Record<
      string,
      string
    >;
    expect(issues.filter((issue) => !validation[issue])).toEqual([]);
  });
});

describe('the error codes of the server', () => {
  const codes = serverErrorCodes();

  it('are found in the server source', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['enrolmentCodeUsed', 'alreadyExists', 'jobBusy']),
    );
  });

  it.each(Object.keys(commonTexts))('each have a sentence in %s', (language) => {
    const errors = commonTexts[language as keyof typeof commonTexts].errors as Record<
      string,
      string
    >;
    expect(codes.filter((code) => !errors[code])).toEqual([]);
  });
});
