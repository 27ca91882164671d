import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../renderer/common/i18n';
import { StoreTimeZone, useStoreTime } from '../../renderer/register/storeTime';

const INSTANT = '2026-01-15T22:30:00.000Z';

function Shown() {
  return createElement('time', null, useStoreTime()(INSTANT));
}

/** One render only, no effects run: what the register's first frame shows. */
const firstFrame = (zone: string | null | undefined) =>
  renderToStaticMarkup(createElement(StoreTimeZone, { zone, children: createElement(Shown) }));

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ lng: 'en', resources: {} });
});

describe('register times', () => {
  it("are in the store's zone from the first render", () => {
    const html = firstFrame('Pacific/Auckland');
    expect(html).toBe(`<time>${formatDateTime(INSTANT, 'en', 'Pacific/Auckland')}</time>`);
    expect(html).toContain('Jan 16, 2026');
  });

  it("are in the machine's zone while no store has loaded, or for a zone the tz database lacks", () => {
    const machine = `<time>${formatDateTime(INSTANT, 'en')}</time>`;
    expect(firstFrame(undefined)).toBe(machine);
    expect(firstFrame(null)).toBe(machine);
    expect(firstFrame('Mars/Olympus_Mons')).toBe(machine);
  });
});
