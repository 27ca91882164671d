import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/protocol/api';
import { SimulationOutput } from '../../shared/simulator/output';
import { simulate } from '../../shared/simulator/simulate';

const folder = join(import.meta.dirname, '../vectors');
const inputs = readdirSync(folder)
  .filter((f) => f.endsWith('.in.json'))
  .map((file) => ({
    file,
    input: JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown,
  }));

/** The simulate route's reply schema in the API contract, against what the simulator answers. */
describe('the simulator output schema', () => {
  const reply = SimulationOutput;

  it('is the reply the API contract states for the route', () => {
    expect(api.cards.simulate.reply).toBe(SimulationOutput);
  });

  it.each(inputs)('accepts what the simulator answers for $file', ({ input }) => {
    const output = simulate(input);
    const parsed = reply.safeParse(output);
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toEqual(output);
  });

  it('refuses an answer without its balance, or with points that are not integers', () => {
    const output = simulate(inputs[0]?.input) as unknown as Record<string, unknown>;
    const withoutBalance = { ...output };
    delete withoutBalance['balance'];
    expect(reply.safeParse(withoutBalance).success).toBe(false);
    expect(reply.safeParse({ ...output, earned: { STAR: 1.5 } }).success).toBe(false);
    expect(reply.safeParse({ ...output, reward: { error: 'unknown' } }).success).toBe(false);
  });
});
