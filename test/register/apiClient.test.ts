import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/protocol/api';
import { ApiError, apiClient, routeUrl } from '../../renderer/common/api';
import { errorText } from '../../renderer/common/errorText';
import { commonTexts } from '../../renderer/common/locales';
import { ServerLink } from '../../renderer/register/sync/link';

/**
 * The typed client builds a route's path from its contract entry and refuses a reply that does not
 * match the entry's schema. A plain HTTP server plays a server that answers the wrong shape.
 */
describe('the typed API client', () => {
  let server: Server;
  let url: string;
  const asked: string[] = [];
  const replies: Record<string, unknown> = {
    // A card view without its balances and with a number that is no card number.
    '/api/cards/0000%2F1': { number: 'x', status: 'active' },
    '/api/sync/health': { protocol: 1, serverTime: '2026-03-01T10:00:00.000Z' },
    '/api/sync/fact-status': { protocol: 2, facts: 'none' },
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(`${request.method} ${request.url}`);
      const path = (request.url ?? '').split('?')[0] ?? '';
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(replies[path] ?? { error: { code: 'notFound', message: path } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("builds the path from the entry's params (encoded) and its query", () => {
    expect(routeUrl(api.hq.registers.revoke, { params: { store: 'S 1', register: 'R/2' } })).toBe(
      '/api/hq/stores/S%201/registers/R%2F2/revoke',
    );
    expect(routeUrl(api.sync.feed, { query: { after: 5, limit: 10, store: undefined } })).toBe(
      '/api/sync/feed?after=5&limit=10',
    );
    expect(() => routeUrl(api.cards.get, { params: {} })).toThrow(/no value for number/);
  });

  it('passes a reply that matches the schema, parsed', async () => {
    const client = apiClient(url, () => ({ register: 'reg_x' }));
    const answer = await client.route(api.sync.health, {
      body: { protocol: 1, outboxDepth: 0, distributionVersion: 0, sentAt: 'x' },
    });
    expect(answer).toEqual({ protocol: 1, serverTime: '2026-03-01T10:00:00.000Z' });
    expect(asked).toContain('POST /api/sync/health');
  });

  it('refuses a malformed reply as badAnswer, through the client and the register link', async () => {
    const client = apiClient(url, () => ({ staff: 'stf_x' }));
    const refused = await client
      .route(api.cards.get, { params: { number: '0000/1' } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'badAnswer', status: 200 });
    expect(asked).toContain('GET /api/cards/0000%2F1');

    const link = new ServerLink({ serverUrl: url, token: 'reg_x' });
    const alsoRefused = await link
      .route(api.sync.factStatus, { body: { protocol: 1, ids: [] } })
      .catch((error: unknown) => error);
    expect(alsoRefused).toMatchObject({ code: 'badAnswer' });
  });

  it('tells the reader of a malformed reply in their language, not as an unknown error', async () => {
    const languages = Object.keys(commonTexts) as (keyof typeof commonTexts)[];
    await i18next.init({
      resources: Object.fromEntries(
        languages.map((language) => [language, { translation: commonTexts[language] }]),
      ),
      lng: 'en',
    });
    const refused = await apiClient(url, () => ({ staff: 'stf_x' }))
      .route(api.cards.get, { params: { number: '0000/1' } })
      .catch((error: unknown) => error);
    const sentences = new Set<string>();
    for (const language of languages) {
      await i18next.changeLanguage(language);
      const text = errorText(refused);
      expect(text, language).not.toBe(errorText({ code: 'unexpected' }));
      expect(text, language).not.toMatch(/badAnswer|unexpected answer/);
      sentences.add(text);
    }
    expect(sentences.size).toBe(languages.length);
  });
});
