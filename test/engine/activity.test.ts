import { describe, expect, it } from 'vitest';
import { awardActivity, type ActivityTypeRules } from '../../shared/engine/activity';
import { at, earningRule, scheme } from '../support/factories';

const registration: ActivityTypeRules = {
  id: 'REGISTRATION',
  rewardPoint: 'STAR',
  points: 10,
  perCustomerLimit: 1,
};

const activityLine = (id: string, overrides: Parameters<typeof earningRule>[0] = {}) =>
  earningRule({ id, activity: 'otherActivity:REGISTRATION', per: 1, points: 50, ...overrides });

const gold = { tier: 'GOLD', affiliations: [] as string[] };

describe('awarding an other activity through the schemes', () => {
  it("adds up the type's lines for the card's tier over every scheme, not the type's own points", () => {
    const award = awardActivity({
      schemes: [
        scheme({
          id: 'BASE',
          version: 3,
          earning: [
            earningRule(),
            activityLine('ANY'),
            activityLine('GOLD', { tier: 'GOLD', points: 100 }),
            activityLine('SILVER', { tier: 'SILVER', points: 30 }),
          ],
        }),
        scheme({ id: 'EXTRA', earning: [activityLine('MORE', { points: 5 })] }),
      ],
      card: gold,
      type: registration,
      timesAwarded: 0,
    });
    expect(award).toEqual({
      ok: true,
      earned: { STAR: 155 },
      rules: { ANY: 50, GOLD: 100, MORE: 5 },
      schemes: [
        { id: 'BASE', version: 3 },
        { id: 'EXTRA', version: 1 },
      ],
      fromType: false,
    });
  });

  it('gives nothing under a scheme whose excluded affiliation the card has', () => {
    const award = awardActivity({
      schemes: [scheme({ excludedAffiliations: ['STAFF'], earning: [activityLine('ANY')] })],
      card: { tier: null, affiliations: ['STAFF'] },
      type: registration,
      timesAwarded: 0,
    });
    expect(award).toMatchObject({ ok: true, earned: {}, rules: {}, fromType: false });
  });

  it('an affiliation line needs the affiliation', () => {
    const schemes = [scheme({ earning: [activityLine('VET', { affiliation: 'VETERAN' })] })];
    const input = { schemes, type: registration, timesAwarded: 0 };
    expect(awardActivity({ ...input, card: gold })).toMatchObject({ earned: {} });
    expect(
      awardActivity({ ...input, card: { tier: null, affiliations: ['VETERAN'] } }),
    ).toMatchObject({ earned: { STAR: 50 } });
  });

  it("uses the type's own points only when no scheme has a line for the type", () => {
    const award = awardActivity({
      schemes: [
        scheme({
          earning: [earningRule(), activityLine('NEWS', { activity: 'otherActivity:NEWS' })],
        }),
      ],
      card: gold,
      type: registration,
      timesAwarded: 0,
    });
    expect(award).toEqual({
      ok: true,
      earned: { STAR: 10 },
      rules: {},
      schemes: [],
      fromType: true,
    });
  });

  it('refuses past the per-customer limit; no limit never refuses', () => {
    const schemes = [scheme({ earning: [activityLine('ANY')] })];
    expect(awardActivity({ schemes, card: gold, type: registration, timesAwarded: 1 })).toEqual({
      ok: false,
      error: 'limit',
    });
    const unlimited = { ...registration, perCustomerLimit: null };
    expect(awardActivity({ schemes, card: gold, type: unlimited, timesAwarded: 99 })).toMatchObject(
      { ok: true, earned: { STAR: 50 } },
    );
  });

  it('applies a line with a window only inside it, with its multiplier and extra points', () => {
    const schemes = [
      scheme({
        earning: [
          activityLine('WEEKEND', {
            conditions: { days: ['sat', 'sun'] },
            multiplier: 2,
            extraPoints: 7,
          }),
        ],
      }),
    ];
    const input = { schemes, card: gold, type: registration, timesAwarded: 0 };
    const saturday = { at: at('2026-03-07T10:00:00Z'), timeZone: 'UTC' };
    const monday = { at: at('2026-03-09T10:00:00Z'), timeZone: 'UTC' };
    expect(awardActivity({ ...input, when: saturday })).toMatchObject({ earned: { STAR: 107 } });
    expect(awardActivity({ ...input, when: monday })).toMatchObject({ earned: {} });
  });
});
