import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Modules the pure engine in shared/ must never reach for: IO, UI and storage belong at the edges. */
const forbiddenInShared = [
  { group: ['node:*'], message: 'shared/ is pure: no Node APIs; pass IO in from the edge.' },
  { group: ['electron', 'electron/*'], message: 'shared/ is pure: no Electron.' },
  {
    group: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    message: 'shared/ is pure: no React.',
  },
  {
    group: ['rxdb', 'rxdb/*', 'dexie', 'dexie/*'],
    message: 'shared/ is pure: no browser storage.',
  },
  {
    group: ['pg', 'pg/*', 'pg-*', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*'],
    message: 'shared/ is pure: no database.',
  },
  {
    group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'child_process', 'net'],
    message: 'shared/ is pure: no Node APIs.',
  },
  {
    group: ['../sync-server/*', '../renderer/*', '../electron/*', '../../*'],
    message: 'shared/ must not depend on the edges.',
  },
];

/** The same fence for files one folder deeper (shared/protocol/api/): `../../` is still shared/. */
const forbiddenInSharedDeeper = forbiddenInShared.map((pattern) =>
  pattern.group.includes('../../*') ? { ...pattern, group: ['../../../*'] } : pattern,
);

const impureGlobals = [
  { name: 'fetch', message: 'shared/ is pure: no network.' },
  { name: 'localStorage', message: 'shared/ is pure: no storage.' },
  { name: 'indexedDB', message: 'shared/ is pure: no storage.' },
  { name: 'setTimeout', message: 'shared/ is pure: no timers.' },
  { name: 'setInterval', message: 'shared/ is pure: no timers.' },
  { name: 'process', message: 'shared/ is pure: no process access.' },
  { name: 'crypto', message: 'shared/ is pure: pass ids and randomness in.' },
  { name: 'performance', message: 'shared/ is pure: pass time in.' },
];

/**
 * The sync server's layers, lowest first. A folder of sync-server/src may import from its own layer
 * and those below, never from a layer above: the HTTP layer sits on the domain, the domain on the
 * ledger and the database. server.ts, cli.ts, commands/ and demo/ wire everything together on top.
 */
const serverLayers = [
  ['db'],
  ['ledger', 'events', 'hq', 'tiers', 'distribution'],
  ['auth', 'cards', 'enrolment', 'expiry', 'notifications', 'redemption'],
  ['posting', 'ingest', 'review', 'reports'],
  ['jobs'],
  ['http'],
  ['commands', 'demo'],
];

/** The lint block for one layer: relative imports that climb into a higher layer are refused. */
function serverLayerFence(index) {
  const above = serverLayers.slice(index + 1).flat();
  const folders = serverLayers[index];
  return {
    files: folders.map((folder) => `sync-server/src/${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: above.map((target) => ({
            regex: `^(\\.\\./)+${target}(/|$)`,
            message: `server layers point down: ${folders.join(', ')} must not import ${target}/ (a higher layer; see docs/architecture.md).`,
          })),
        },
      ],
    },
  };
}

/** The files at the root of sync-server/src below the wiring (errors, clock, config, context). */
const serverRootFence = {
  files: ['sync-server/src/*.ts'],
  ignores: ['sync-server/src/server.ts', 'sync-server/src/cli.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: serverLayers
          .slice(2)
          .flat()
          .map((target) => ({
            regex: `^\\./${target}(/|$)`,
            message: `server layers point down: the root files must not import ${target}/ (only server.ts wires the layers together).`,
          })),
      },
    ],
  },
};

/**
 * Each route is stated once, in shared/protocol/api; the register, the console and the end-to-end
 * specs name it by its entry there, so they hold no path under /api/ of their own. (A slash is
 * written \x2F: a selector's regular expression cannot hold one.) A module path through a folder
 * named api is no route.
 */
const API_PATH = '(^|[^\\w.])\\x2Fapi\\x2F';
const apiPathMessage =
  "Name the route by its entry in shared/protocol/api (api.cards.get...) and call it through the typed client (routeUrl, callRoute, routeGlob), not by an '/api/' path.";
const apiPathStrings = [
  { selector: `Literal[value=/${API_PATH}/]`, message: apiPathMessage },
  { selector: `TemplateElement[value.raw=/${API_PATH}/]`, message: apiPathMessage },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The server logs through its logger (JSON on stderr); a command prints through commands/output.ts.
    files: ['sync-server/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbiddenInShared }],
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'shared/ is pure: pass the clock in.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'shared/ is pure: pass the clock in.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'shared/ is pure: pass randomness in.',
        },
        { selector: 'ImportExpression', message: 'shared/ is pure: no dynamic imports.' },
        {
          selector: 'Literal[raw=/^-?\\d*\\.\\d+(e[-+]?\\d+)?$/i]',
          message: 'shared/ keeps money and points in integers: no float literals.',
        },
      ],
    },
  },
  {
    files: ['shared/*/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbiddenInSharedDeeper }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...apiPathStrings] },
  },
  ...serverLayers.map((_, index) => serverLayerFence(index)),
  serverRootFence,
  prettier,
);
