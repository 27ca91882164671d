import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The lint rule that keeps API paths in the contract (shared/protocol/api): the register, the
 * console and the end-to-end specs name a route by its entry, never by an '/api/' string.
 */
const eslint = new ESLint({ cwd: join(import.meta.dirname, '../..') });

async function problemsIn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

const NAMES_THE_ENTRY = /by its entry in shared\/protocol\/api/;

describe('the API path fence', () => {
  it.each([
    ['renderer/console/pages/probe.ts', "export const path = '/api/hq/stores';\n"],
    [
      'renderer/console/pages/probe.tsx',
      'export const path = (id: string) => `/api/cards/${id}`;\n',
    ],
    [
      'renderer/register/sync/probe.ts',
      'export const events = (server: string) => `${server}/api/sync/events`;\n',
    ],
    ['test/e2e/probe.spec.ts', "export const glob = '**/api/sync/push';\n"],
    ['test/e2e/helpers/probe.ts', "export const path = '/api/jobs/post-offline-earnings/run';\n"],
  ])('refuses an API path written out in %s', async (file, code) => {
    const problems = await problemsIn(file, code);
    expect(problems.some((message) => NAMES_THE_ENTRY.test(message))).toBe(true);
  });

  it.each([
    // The contract itself, and the server's own tests, state paths.
    ['shared/protocol/api/probe.ts', "export const path = '/api/hq/stores';\n"],
    ['test/server/probe.test.ts', "export const path = '/api/hq/stores';\n"],
    // A module path that passes through a folder named api is no route.
    [
      'test/e2e/probe.spec.ts',
      "import type { CardView } from '../../shared/protocol/api/cardWire';\nexport type C = CardView;\n",
    ],
    ['renderer/console/pages/probe.ts', "export const path = '/hq/stores';\n"],
  ])('allows %s', async (file, code) => {
    const problems = await problemsIn(file, code);
    expect(problems.filter((message) => NAMES_THE_ENTRY.test(message))).toEqual([]);
  });
});
