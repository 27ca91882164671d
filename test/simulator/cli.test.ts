import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const vectorsDir = join(root, 'test/vectors');

async function simulateCli(
  file: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'simulate', '--', file], {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'simulate-')), name);
  writeFileSync(file, content);
  return file;
}

describe('npm run simulate', () => {
  it('prints the result of a vector as JSON', async () => {
    const result = await simulateCli(join(vectorsDir, '06-redeem-soonest-expiry.in.json'));
    expect(result.code).toBe(0);
    const expected = JSON.parse(
      readFileSync(join(vectorsDir, '06-redeem-soonest-expiry.out.json'), 'utf8'),
    ) as object;
    expect(JSON.parse(result.stdout)).toMatchObject(expected);
  });

  it('exits 2 naming the field and what was expected for a bad input', async () => {
    const input = JSON.parse(
      readFileSync(join(vectorsDir, '01-additive-tier-affiliation.in.json'), 'utf8'),
    ) as {
      sale: { lines: { netAmount: unknown }[] };
    };
    const first = input.sale.lines[0];
    if (first) first.netAmount = 12.99;
    const result = await simulateCli(tempFile('bad.json', JSON.stringify(input)));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('sale.lines.0.netAmount');
    expect(result.stderr).toMatch(/string/);
  });

  it('exits 2 for a file that is not JSON', async () => {
    const result = await simulateCli(tempFile('broken.json', '{ "at": '));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not valid JSON/);
  });

  it('exits 2 for a missing file', async () => {
    const result = await simulateCli(join(tmpdir(), 'no-such-simulation.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read/);
  });

  it('exits 2 for an amount with more decimals than the currency has', async () => {
    const input = JSON.parse(
      readFileSync(join(vectorsDir, '02-floor-and-threshold.in.json'), 'utf8'),
    ) as {
      currency: string;
    };
    input.currency = 'JPY';
    const result = await simulateCli(tempFile('jpy.json', JSON.stringify(input)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/decimal places for JPY/);
  });
});
