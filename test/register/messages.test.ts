import i18next from 'i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../renderer/common/api';
import { api, type RouteContract } from '../../shared/protocol/api';
import { errorText } from '../../renderer/common/errorText';
import { commonTexts } from '../../renderer/common/locales';
import { consoleTexts } from '../../renderer/console/locales';
import { registerTexts } from '../../renderer/register/locales';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { seedBasics, signIn } from '../server/helpers/fixtures';
import { startTestServer, type TestServer } from '../server/helpers/server';
import { jobDefinitions } from '../../sync-server/src/jobs/registry';

type Language = keyof typeof commonTexts;
const LANGUAGES = Object.keys(commonTexts) as Language[];

beforeAll(async () => {
  await i18next.init({
    resources: Object.fromEntries(
      LANGUAGES.map((language) => [
        language,
        {
          translation: {
            ...commonTexts[language],
            ...registerTexts[language],
            ...consoleTexts[language],
          },
        },
      ]),
    ),
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

/** Every text with a count, by key path, in one language's tree. */
function countedTexts(tree: unknown, path = ''): [string, string][] {
  if (typeof tree === 'string') return tree.includes('{{count}}') ? [[path, tree]] : [];
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree).flatMap(([key, value]) =>
    countedTexts(value, path ? `${path}.${key}` : key),
  );
}

describe('counts in every language', () => {
  it.each(LANGUAGES)('come in plural forms in %s (a label "Outbox: 3" needs none)', (language) => {
    const all = [commonTexts, registerTexts, consoleTexts].flatMap((texts) =>
      countedTexts(texts[language]),
    );
    const bare = all.filter(
      ([key, text]) => !/_(one|other)$/.test(key) && !/: \{\{count\}\}$/.test(text.trim()),
    );
    expect(bare).toEqual([]);
  });

  it('say one card number and two card numbers', async () => {
    expect(i18next.t('register.issue.left', { count: 1 })).toBe(
      '1 card number left at this register',
    );
    expect(i18next.t('register.issue.left', { count: 2 })).toBe(
      '2 card numbers left at this register',
    );
    await i18next.changeLanguage('nl');
    expect(i18next.t('register.issue.left', { count: 1 })).toBe('Nog 1 kaartnummer op deze kassa');
    expect(i18next.t('register.rejected.title', { count: 3 })).toBe(
      '3 feiten geweigerd door de server',
    );
    await i18next.changeLanguage('en');
  });
});

describe("the console simulator's loaded sale", () => {
  const SAID: Record<Language, [string, string]> = {
    en: ['(1 line, sold', '(2 lines, sold'],
    nl: ['(1 regel, verkocht', '(2 regels, verkocht'],
    sv: ['(1 rad, såld', '(2 rader, såld'],
    fr: ['(1 ligne, vendue', '(2 lignes, vendue'],
  };
  afterEach(async () => {
    await i18next.changeLanguage('en');
  });

  it.each(LANGUAGES)('says 1 line and 2 lines in %s', async (language) => {
    await i18next.changeLanguage(language);
    const said = (count: number) =>
      i18next.t('simulator.saleLoaded', { count, number: 'S1-R1-7', at: 'today' });
    expect([said(1), said(2)].map((text) => /\(\d+ \S+, \S+/.exec(text)?.[0])).toEqual(
      SAID[language],
    );
    expect(said(2)).toContain('S1-R1-7');
  });
});

describe("the server's errors in the reader's words", () => {
  let backend: TestBackend;
  let server: TestServer;
  let hq: string;

  beforeAll(async () => {
    backend = await pgliteBackend();
    server = await startTestServer(backend);
    await seedBasics(server.database);
    hq = await signIn(server, 'hq');
  }, PGLITE_CREATE_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await backend?.remove();
  });

  /** Sends a body the route refuses (typed loosely on purpose) and answers the error. */
  const refusal = async (entry: RouteContract, input: { params?: object; body: unknown }) => {
    const client = apiClient(server.url, () => ({ staff: hq }));
    return client.route(entry, input as never).then(
      () => {
        throw new Error('the server took it');
      },
      (error: unknown) => error,
    );
  };

  it('names the field and the problem of a refused input, never zod’s text', async () => {
    const error = await refusal(api.cards.adjust, {
      params: { number: '6001000000011' },
      body: { rewardPoint: 'STAR', points: 'lots', reason: 'x' },
    });
    const english = errorText(error);
    expect(english).toMatch(/^The server refused this input\. Points: /);
    expect(english).not.toMatch(/Invalid input|body\./);
    await i18next.changeLanguage('sv');
    expect(errorText(error)).toMatch(/^Servern avvisade uppgifterna\. Poäng: /);
    await i18next.changeLanguage('en');
  });

  it('says what a code means, in each language', async () => {
    const error = await refusal(api.auth.enrol, { body: { code: 'NOPE-NOPE' } });
    expect(errorText(error)).toMatch(/not known/);
    await i18next.changeLanguage('fr');
    expect(errorText(error)).toMatch(/inconnu/);
    await i18next.changeLanguage('en');
    expect(errorText({ code: 'somethingNew' })).toMatch(/could not do this \(somethingNew\)/);
  });
});

describe("the console's jobs page", () => {
  it('describes every job the server runs in each language', () => {
    for (const language of LANGUAGES) {
      const summaries: Record<string, string> = consoleTexts[language].jobs.summaries;
      for (const job of jobDefinitions)
        expect(summaries[job.name], `${language} ${job.name}`).toBeTruthy();
      expect(Object.keys(summaries).sort()).toEqual(jobDefinitions.map((j) => j.name).sort());
    }
  });
});
