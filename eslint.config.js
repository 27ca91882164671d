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
  prettier,
);
