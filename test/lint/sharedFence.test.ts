import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps shared/ pure: IO, clocks, randomness and edge libraries are refused. */
const eslint = new ESLint({ cwd: join(import.meta.dirname, '../..') });

async function problemsIn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('the shared/ fence', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /no Node APIs/],
    ["import { app } from 'electron';\nexport const a = app;\n", /no Electron/],
    ["import { useState } from 'react';\nexport const u = useState;\n", /no React/],
    ["import { Dexie } from 'dexie';\nexport const d = Dexie;\n", /no browser storage/],
    [
      "import { createRxDatabase } from 'rxdb';\nexport const c = createRxDatabase;\n",
      /no browser storage/,
    ],
    ["import pg from 'pg';\nexport const p = pg;\n", /no database/],
    ['export const now = Date.now();\n', /pass the clock in/],
    ['export const today = new Date();\n', /pass the clock in/],
    ['export const r = Math.random();\n', /pass randomness in/],
    ["export const f = fetch('http://x');\n", /no network/],
    ['export const half = 0.5;\n', /no float literals/],
  ])('refuses %s', async (code, message) => {
    const problems = await problemsIn('shared/engine/probe.ts', code);
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  it('allows the same code outside shared/', async () => {
    expect(
      await problemsIn(
        'sync-server/probe.ts',
        "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
      ),
    ).toEqual([]);
  });

  it('fences files one folder deeper too, while they import the rest of shared/', async () => {
    const importing = (from: string) =>
      `import { thing } from '${from}';\nexport const t = thing;\n`;
    const deeper = 'shared/protocol/api/probe.ts';
    expect(await problemsIn(deeper, importing('../../domain/common'))).toEqual([]);
    expect(
      (await problemsIn(deeper, importing('../../../sync-server/src/errors'))).some((p) =>
        /must not depend on the edges/.test(p),
      ),
    ).toBe(true);
    expect(
      (await problemsIn(deeper, importing('node:fs'))).some((p) => /no Node APIs/.test(p)),
    ).toBe(true);
  });

  it('allows pure code in shared/', async () => {
    expect(
      await problemsIn(
        'shared/engine/probe.ts',
        'export const at = (ms: number): Date => new Date(ms);\n',
      ),
    ).toEqual([]);
  });
});
