import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { PROTOCOL_VERSION } from '../../../shared/protocol/sync';
import { pushBody, saleFact } from '../../server/helpers/facts';

const VECTORS = join(import.meta.dirname, '../../vectors');

/** A simulation input the simulator accepts, from the shared vectors. */
export const simulationSample = (): unknown =>
  JSON.parse(readFileSync(join(VECTORS, '01-additive-tier-affiliation.in.json'), 'utf8'));

/** A valid body per route, where one is needed, so that mutations reach deep into the handlers. */
export function validSamples(card: string): Record<string, unknown> {
  const sale = saleFact({ card, lines: [{ net: '12.50' }, { net: '3.99', quantity: 2 }] });
  return {
    'POST /api/auth/sign-in': { staff: 'C1', pin: '1111' },
    'POST /api/registers/enrol': { code: 'ABCD-EFGH-JKLM' },
    'POST /api/sync/push': pushBody([sale], { sentAt: new Date().toISOString() }),
    'POST /api/sync/reserve': {
      protocol: PROTOCOL_VERSION,
      tender: randomUUID(),
      card,
      amount: '1.00',
      lines: [{ id: '1', product: 'P1', category: 'GENERAL', quantity: 1, netAmount: '5.00' }],
    },
    'POST /api/simulate': simulationSample(),
    'POST /api/cards': { number: null },
    'POST /api/cards/:number/adjust': { rewardPoint: 'STAR', points: 5, comment: 'goodwill' },
    'POST /api/cards/:number/transfer': { to: card, rewardPoint: 'STAR', points: 1 },
    'POST /api/cards/:number/link': { customer: 'CU1' },
    'POST /api/cards/:number/block': { comment: 'lost' },
    'POST /api/cards/:number/activities': { activityType: 'VISIT' },
    'PUT /api/jobs/:name/schedule': { cron: '*/5 * * * *', enabled: true },
    'POST /api/hq/stores': {
      id: 'S9',
      name: 'Store nine',
      currency: 'USD',
      timeZone: 'Europe/Amsterdam',
      program: 'MAIN',
      profile: { generateCardNumbers: true, offlineEarning: true, offlineRedemption: null },
    },
    'POST /api/hq/products': {
      id: 'P9',
      name: 'Product nine',
      barcode: '123',
      category: 'GENERAL',
      prices: { USD: '1.00' },
    },
  };
}

/** Values that break naive code: huge, negative, fractional, empty, wrong type, odd text. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    -1,
    0,
    2 ** 31,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    0.1,
    '',
    ' ',
    'x'.repeat(5000),
    '1e5',
    '12.345',
    '-0.01',
    '99999999999999999999.99',
    '\u0000',
    '😀',
    '../../etc/passwd',
    "'; drop table facts; --",
    '2026-02-30T25:61:00Z',
    [],
    {},
    true,
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}

function setAt(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    if (rest.length === 0 && remove) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number], rest, replacement, remove);
    return copy;
  }
  const entries = Object.entries((value ?? {}) as Record<string, unknown>);
  if (rest.length === 0 && remove) return Object.fromEntries(entries.filter(([k]) => k !== head));
  const record = Object.fromEntries(entries);
  return { ...record, [String(head)]: setAt(record[String(head)], rest, replacement, remove) };
}

/** A valid sample with one to three places replaced by nasty values or removed. */
export function mutated(sample: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(sample);
  const change = fc.record({
    path: fc.constantFrom(...paths),
    value: nasty,
    remove: fc.boolean(),
  });
  return fc
    .array(change, { minLength: 1, maxLength: 3 })
    .map((changes) =>
      changes.reduce(
        (body, c) => setAt(body, c.path, c.value, c.remove && c.path.length > 0),
        sample,
      ),
    );
}

/** Anything at all, or a mutation of the route's valid body when it has one. */
export function bodyFor(sample: unknown): fc.Arbitrary<unknown> {
  const anything = fc.oneof(fc.jsonValue(), fc.object());
  return sample === undefined
    ? anything
    : fc.oneof({ weight: 3, arbitrary: mutated(sample) }, anything);
}
