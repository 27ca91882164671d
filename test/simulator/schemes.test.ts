import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate, SimulationInputError } from '../../shared/simulator/simulate';

const without = (input: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k !== key));

const vector = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../vectors', `${name}.in.json`), 'utf8'),
  ) as Record<string, unknown> & { schemes: { earning: { id: string }[] }[] };

describe('simulating several schemes', () => {
  it('takes one scheme as a list of one', () => {
    const input = vector('10-two-schemes-at-once');
    const [base] = input.schemes;
    const rest = without(input, 'schemes');
    expect(simulate({ ...rest, scheme: base }).rules).toEqual(
      simulate({ ...rest, schemes: [base] }).rules,
    );
  });

  it('refuses a file with both "scheme" and "schemes", or neither', () => {
    const input = vector('10-two-schemes-at-once');
    expect(() => simulate({ ...input, scheme: input.schemes[0] })).toThrow(
      /either "scheme" or "schemes"/,
    );
    expect(() => simulate(without(input, 'schemes'))).toThrow(SimulationInputError);
  });

  it('refuses an earning line id that two schemes share, naming where', () => {
    const input = vector('10-two-schemes-at-once');
    const second = input.schemes[1]?.earning[0];
    if (second) second.id = 'E1';
    expect(() => simulate(input)).toThrow(
      /schemes\.1\.earning\.0\.id: earning line id "E1" appears twice/,
    );
  });
});
