import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../renderer/common/api';
import { api, type RouteContract } from '../../shared/protocol/api';
import { errorText } from '../../renderer/common/errorText';
import { commonTexts, mergeTexts } from '../../renderer/common/locales';
import { fieldErrorsOf } from '../../renderer/console/components/fieldErrors';
import { consoleTexts } from '../../renderer/console/locales';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { seedBasics, signIn } from '../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../server/helpers/server';

type Language = keyof typeof commonTexts;
const LANGUAGES = Object.keys(commonTexts) as Language[];

const SCHEME = {
  id: 'FE1',
  name: 'Field errors',
  program: 'MAIN',
  stores: ['S1'],
  earning: [
    {
      id: 'E1',
      tier: null,
      affiliation: null,
      activity: 'salesAmount',
      filter: null,
      per: '1.00',
      rewardPoint: 'NOPE',
      points: 10,
    },
  ],
  redemption: [],
  excludedAffiliations: [],
};

beforeAll(async () => {
  await i18next.init({
    resources: Object.fromEntries(
      LANGUAGES.map((language) => [
        language,
        { translation: mergeTexts(commonTexts[language], consoleTexts[language]) },
      ]),
    ),
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

describe('the fields the server names at fault, in the console', () => {
  let backend: TestBackend;
  let server: TestServer;
  let hq: string;

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedBasics(server.database);
    hq = await signIn(server, 'hq');
  }, PGLITE_CREATE_TIMEOUT);
  afterEach(async () => {
    await i18next.changeLanguage('en');
  });
  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  /** Sends a body the route refuses (typed loosely on purpose) and answers the error. */
  const refusal = async (entry: RouteContract, input: { params?: object; body: unknown }) =>
    apiClient(server.url, () => ({ staff: hq }))
      .route(entry, input as never)
      .then(
        () => {
          throw new Error('the server took it');
        },
        (error: unknown) => error,
      );

  it('marks an unknown reference at its field, in the reader’s language and not the server’s', async () => {
    const error = await refusal(api.hq.schemes.create, { body: SCHEME });
    expect(fieldErrorsOf(error)).toEqual([
      { path: ['earning', '0', 'rewardPoint'], message: '“NOPE” does not exist.' },
    ]);
    expect(errorText(error)).toBe(
      'This refers to something the server does not know. Check the IDs you chose. Reward point: “NOPE” does not exist.',
    );
    await i18next.changeLanguage('nl');
    expect(fieldErrorsOf(error)[0]?.message).toBe('„NOPE” bestaat niet.');
    expect(errorText(error)).toMatch(/ Beloningspunt: „NOPE” bestaat niet\.$/);
    await i18next.changeLanguage('fr');
    expect(errorText(error)).toMatch(/« NOPE » n’existe pas\.$/);
    expect(errorText(error)).not.toMatch(/unknown|rewardPoint/);
    await i18next.changeLanguage('en');
  });

  it('names the other field of a comparison in words', async () => {
    const dates = await refusal(api.hq.schemes.create, {
      body: {
        ...SCHEME,
        earning: [{ ...SCHEME.earning[0], rewardPoint: 'STAR' }],
        validFrom: '2026-05-01T00:00:00.000Z',
        validTo: '2026-04-01T00:00:00.000Z',
      },
    });
    expect(fieldErrorsOf(dates)).toEqual([
      { path: ['validTo'], message: 'must be after Valid from.' },
    ]);
    await i18next.changeLanguage('sv');
    expect(errorText(dates)).toMatch(/Giltig till: måste vara efter Giltig från\.$/);
    await i18next.changeLanguage('en');
  });

  it('reads a schedule’s bad cron as the cron field’s problem, and a refused request’s fields too', async () => {
    const cron = await refusal(api.jobs.schedule, {
      params: { name: 'process-loyalty-schemes' },
      body: { cron: 'every now and then', enabled: true },
    });
    expect(fieldErrorsOf(cron).map((error) => error.path)).toEqual([['cron']]);
    expect(errorText(cron)).toBe(
      'That schedule is not a valid cron expression. Cron schedule: is not valid.',
    );
    const invalid = await refusal(api.hq.schemes.create, { body: { ...SCHEME, name: 7 } });
    expect(fieldErrorsOf(invalid)).toEqual([
      { path: ['name'], message: 'is missing or of the wrong kind.' },
    ]);
  });

  it('takes no field from a message: an error without problems names none', () => {
    expect(fieldErrorsOf(new Error('program: unknown program "X"'))).toEqual([]);
  });
});
