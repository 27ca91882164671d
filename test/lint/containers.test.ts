import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * The container files, checked where no Docker engine runs: the Dockerfile by dockerfile-utils'
 * linter and by what matters in it, compose.yaml parsed, and the two held against each other and
 * the code (what the server imports is in the image; the URLs point where the services listen).
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions by stage (continuation lines joined, comments dropped). */
function stagesOf(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

/** Top folders outside sync-server/ that the server's code imports (it runs from its sources). */
function foldersTheServerImports(): Set<string> {
  const folders = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        for (const [, specifier] of read(path.relative(root, full)).matchAll(/from '(\.[^']+)'/g)) {
          const target = path.relative(root, path.resolve(dir, specifier ?? ''));
          folders.add(target.split(path.sep)[0] ?? '');
        }
      }
    }
  };
  walk(path.join(root, 'sync-server/src'));
  return folders;
}

interface ComposeService {
  image?: string;
  build?: string | { context: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = stagesOf(text);
  const final = stages.at(-1) ?? [];
  const argsOf = (keyword: string) => final.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('passes the Dockerfile linter without a warning', () => {
    const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('builds in stages and ships only the runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    // The dev dependencies and the whole source tree stay in the build stages.
    expect(argsOf('COPY')).not.toContain('. .');
    const fromBuild = argsOf('COPY').filter((args) => args.startsWith('--from='));
    expect(fromBuild.some((args) => args.includes('dist/renderer'))).toBe(true);
  });

  it('runs as an unprivileged user', () => {
    const users = argsOf('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    // Nothing after USER switches back or runs as root.
    const lastUser = final.findLastIndex((i) => i.keyword === 'USER');
    expect(final.slice(lastUser).filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('checks health on /readyz and starts the server', () => {
    const [healthcheck] = argsOf('HEALTHCHECK');
    expect(healthcheck).toMatch(/\/readyz/);
    expect(argsOf('CMD').at(-1)).toMatch(/sync-server\/src\/cli\.ts", "serve"\]$/);
    expect(argsOf('ENV').join(' ')).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('copies every folder the server imports, and the built pages it serves', () => {
    const copied = argsOf('COPY').map((args) => args.split(/\s+/).at(-1) ?? '');
    for (const folder of foldersTheServerImports()) expect(copied).toContain(folder);
    expect(copied).toContain('sync-server');
    expect(copied).toContain('dist/renderer');
    // The runtime stage has the production dependencies only: tsx, which runs the server, is one.
    expect(JSON.parse(read('package.json')).dependencies.tsx).toBeDefined();
  });

  it('leaves local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git', '.env'])
      expect(ignored).toContain(entry);
  });
});

describe('deploy/pgbouncer/Dockerfile', () => {
  it('passes the linter and runs PgBouncer as an unprivileged user with a health check', () => {
    const text = read('deploy/pgbouncer/Dockerfile');
    expect(validate(text).map((d) => d.message)).toEqual([]);
    const final = stagesOf(text).at(-1) ?? [];
    const users = final.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('postgres');
    expect(final.some((i) => i.keyword === 'HEALTHCHECK' && i.args.includes('pg_isready'))).toBe(
      true,
    );
  });
});

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, ComposeService> };
  const { postgres, pgbouncer, server } = compose.services;
  const pgbouncerIni = read('deploy/pgbouncer/pgbouncer.ini');
  const setting = (name: string) =>
    new RegExp(`^${name}\\s*=\\s*(.*)$`, 'm').exec(pgbouncerIni)?.[1]?.trim();

  it('has PostgreSQL, PgBouncer and the server', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['pgbouncer', 'postgres', 'server']);
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(postgres?.healthcheck?.test).toContain('pg_isready');
    expect(server?.build).toBe('.');
  });

  it('pools in transaction mode', () => {
    expect(setting('pool_mode')).toBe('transaction');
    expect(pgbouncer?.depends_on?.['postgres']?.condition).toBe('service_healthy');
  });

  it("points the server's pooled URL at PgBouncer and its direct URL at PostgreSQL", () => {
    const env = server?.environment ?? {};
    const pooled = new URL(env['DATABASE_URL'] ?? '');
    const direct = new URL(env['DATABASE_DIRECT_URL'] ?? '');
    expect(pooled.hostname).toBe('pgbouncer');
    expect(pooled.port).toBe(setting('listen_port'));
    expect(direct.hostname).toBe('postgres');
    expect(direct.port || '5432').toBe('5432');
    expect(pooled.pathname).toBe(`/${postgres?.environment?.['POSTGRES_DB']}`);
    expect(direct.pathname).toBe(pooled.pathname);
    expect(server?.depends_on?.['postgres']?.condition).toBe('service_healthy');
    expect(server?.depends_on?.['pgbouncer']?.condition).toBe('service_healthy');
  });
});
