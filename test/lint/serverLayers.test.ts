import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps the sync server's layers pointing down (docs/architecture.md). */
const eslint = new ESLint({ cwd: join(import.meta.dirname, '../..') });

async function problemsIn(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

const importing = (from: string) => `import { thing } from '${from}';\nexport const t = thing;\n`;

describe('the sync server layer fence', () => {
  it.each([
    ['sync-server/src/cards/probe.ts', '../http/errors', /cards.* must not import http\//],
    ['sync-server/src/posting/batch/probe.ts', '../../http/app', /must not import http\//],
    ['sync-server/src/jobs/probe.ts', '../http/access', /jobs must not import http\//],
    ['sync-server/src/db/probe.ts', '../ledger/post', /db must not import ledger\//],
    ['sync-server/src/db/schema/probe.ts', '../../posting/facts', /must not import posting\//],
    ['sync-server/src/ledger/probe.ts', '../posting/facts', /must not import posting\//],
    ['sync-server/src/redemption/probe.ts', '../posting/facts', /must not import posting\//],
    ['sync-server/src/redemption/probe.ts', '../ingest/push', /must not import ingest\//],
    ['sync-server/src/hq/probe.ts', '../review/list', /must not import review\//],
    ['sync-server/src/posting/probe.ts', '../jobs/runner', /must not import jobs\//],
    ['sync-server/src/context.ts', './http/app', /root files must not import http\//],
    ['sync-server/src/errors.ts', './cards/read', /root files must not import cards\//],
  ])('refuses %s importing %s', async (file, from, message) => {
    const problems = await problemsIn(file, importing(from));
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  it.each([
    ['sync-server/src/http/routes/probe.ts', '../../posting/facts'],
    ['sync-server/src/http/probe.ts', './errors'],
    ['sync-server/src/posting/probe.ts', '../redemption/tenderUse'],
    ['sync-server/src/posting/probe.ts', '../ledger/post'],
    ['sync-server/src/cards/probe.ts', '../errors'],
    ['sync-server/src/cards/probe.ts', '../../../shared/engine/earning'],
    ['sync-server/src/server.ts', './http/app'],
  ])('allows %s importing %s', async (file, from) => {
    expect(await problemsIn(file, importing(from))).toEqual([]);
  });
});
