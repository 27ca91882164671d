import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capIncrease, splitOverLines } from '../../shared/engine/earning';
import type { PointsByRewardPoint } from '../../shared/engine/model';

/** The cap and the split of capped points over lines: the server posts with these same functions. */
describe('capIncrease', () => {
  it.each([
    [100, null, 5_000, { kept: 100, cropped: 0 }],
    [100, 1_000, 950, { kept: 50, cropped: 50 }],
    [100, 1_000, 900, { kept: 100, cropped: 0 }],
    [100, 1_000, 1_200, { kept: 0, cropped: 100 }],
    [-40, 1_000, 1_200, { kept: -40, cropped: 0 }],
    [0, 10, 10, { kept: 0, cropped: 0 }],
  ])('%i points under cap %s at balance %i', (points, cap, balance, expected) => {
    expect(capIncrease(points, cap, balance)).toEqual(expected);
  });

  it('never lets an increase take a card past its cap, and crops only what is over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (points, cap, balance) => {
          const { kept, cropped } = capIncrease(points, cap, balance);
          expect(kept + cropped).toBe(points);
          expect(kept).toBeGreaterThanOrEqual(0);
          if (cropped > 0) expect(balance + kept).toBe(Math.max(balance, cap));
          else expect(balance + kept).toBeLessThanOrEqual(Math.max(balance, cap));
        },
      ),
    );
  });
});

describe('splitOverLines', () => {
  it('keeps each line its points when nothing was cropped', () => {
    const preCap: PointsByRewardPoint[] = [{ P: 7 }, { P: 3, Q: 2 }, {}];
    expect(splitOverLines({ P: 10, Q: 2 }, preCap)).toEqual(preCap);
  });

  it('splits a cropped total in proportion by largest remainder, ties to the earlier line', () => {
    expect(splitOverLines({ P: 5 }, [{ P: 5 }, { P: 5 }])).toEqual([{ P: 3 }, { P: 2 }]);
    expect(splitOverLines({ P: 0 }, [{ P: 5 }, { P: 5 }])).toEqual([{}, {}]);
  });

  it('places kept points of a reward point no line earned before the cap', () => {
    expect(splitOverLines({ Q: 3 }, [{ P: 1 }, { P: 1 }])).toEqual([{ Q: 2 }, { Q: 1 }]);
  });

  it('always hands out exactly what was kept, never more to a line than it earned', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: 100 }),
        (perLine, percent) => {
          const total = perLine.reduce((a, b) => a + b, 0);
          const kept = Math.floor((total * percent) / 100);
          const split = splitOverLines(
            { P: kept },
            perLine.map((p) => ({ P: p })),
          );
          expect(split.reduce((a, line) => a + (line.P ?? 0), 0)).toBe(kept);
          split.forEach((line, i) => expect(line.P ?? 0).toBeLessThanOrEqual(perLine[i] ?? 0));
        },
      ),
    );
  });
});
