import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../shared/simulator/simulate';

/**
 * Every simulation vector: the ones kept in the repository and, when present beside the checkout,
 * the product's shared vectors (which may have grown since). Expected outputs list only the keys
 * they check, so the comparison is a deep subset match.
 */
const folders = [
  join(import.meta.dirname, '../vectors'),
  join(import.meta.dirname, '../../../shared/vectors'),
];

function vectors(): { name: string; input: unknown; expected: Record<string, unknown> }[] {
  const byName = new Map<
    string,
    { name: string; input: unknown; expected: Record<string, unknown> }
  >();
  for (const folder of folders.filter((f) => existsSync(f))) {
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.in.json'))) {
      const name = file.replace(/\.in\.json$/, '');
      const read = (suffix: string) =>
        JSON.parse(readFileSync(join(folder, `${name}${suffix}`), 'utf8')) as unknown;
      byName.set(name, {
        name,
        input: read('.in.json'),
        expected: read('.out.json') as Record<string, unknown>,
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

describe('simulation vectors', () => {
  const all = vectors();

  it('finds the vectors', () => {
    expect(all.length).toBeGreaterThanOrEqual(9);
  });

  it.each(all.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const output = simulate(vector.input);
    expect(output).toMatchObject(vector.expected);
    // Keys the vector lists with an empty object must be empty, not merely a superset.
    for (const [key, value] of Object.entries(vector.expected)) {
      if (
        value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.keys(value).length === 0
      ) {
        expect(output[key as keyof typeof output]).toEqual({});
      }
    }
    // Every sale line is listed in input order, and only with what the contract names.
    const expectedLines = vector.expected['lines'] as
      { id: string; earned: Record<string, number> }[] | undefined;
    if (expectedLines) expect(output.lines).toEqual(expectedLines);
  });
});
