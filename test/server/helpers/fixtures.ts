import { randomUUID } from 'node:crypto';
import { hashPin } from '../../../sync-server/src/auth/secrets';
import type { Database, Session } from '../../../sync-server/src/db/database';
import { postEntries } from '../../../sync-server/src/ledger/post';
import { loadRewardPoints } from '../../../sync-server/src/ledger/rewardPoints';
import {
  programs,
  registers,
  rewardPoints,
  staff,
  stores,
  tiers,
} from '../../../sync-server/src/db/schema';
import type { TestServer } from './server';

/** Known PINs of the basic staff; hashed with few iterations so tests stay quick. */
export const PINS = { cashier: '1111', manager: '2222', hq: '9999', otherCashier: '3333' } as const;

export const BASICS = {
  program: 'MAIN',
  stores: ['S1', 'S2'] as const,
  registers: { S1: ['S1-R1', 'S1-R2'], S2: ['S2-R1'] },
  staff: { cashier: 'C1', manager: 'M1', hq: 'HQ1', otherCashier: 'C2' },
} as const;

/** A program with tiers, a reward point, two stores with registers, and staff of each role. */
export async function seedBasics(session: Session): Promise<void> {
  const db = session.db;
  await db.insert(programs).values({ id: BASICS.program, name: 'Main program' });
  await db.insert(rewardPoints).values({
    id: 'STAR',
    name: 'Stars',
    type: 'quantity',
    redeemable: true,
    redeemRanking: 1,
    redemptionThreshold: null,
    maxPerCard: null,
    expiry: { value: 1, unit: 'year' },
    expiryCalculation: 'static',
    vesting: null,
  });
  await db.insert(tiers).values([
    { id: 'BASE', programId: BASICS.program, name: 'Base', level: 0, stay: null, rules: [] },
    {
      id: 'GOLD',
      programId: BASICS.program,
      name: 'Gold',
      level: 1,
      stay: { value: 1, unit: 'year' },
      rules: [{ id: 'G1', rewardPoint: 'STAR', minimum: 1000, window: { value: 1, unit: 'year' } }],
    },
  ]);
  for (const id of BASICS.stores) {
    await db.insert(stores).values({
      id,
      name: `Store ${id}`,
      currency: 'USD',
      timeZone: 'Europe/Amsterdam',
      programId: BASICS.program,
      profile: {
        generateCardNumbers: true,
        offlineEarning: true,
        offlineRedemption: id === 'S2' ? { allowancePerCardPerDay: 500 } : null,
      },
    });
    for (const register of BASICS.registers[id])
      await db.insert(registers).values({ id: register, storeId: id, name: register });
  }
  const fast = (pin: string) => hashPin(pin, 1_000);
  await db.insert(staff).values([
    {
      id: BASICS.staff.cashier,
      name: 'Casey Cashier',
      role: 'cashier',
      stores: ['S1'],
      pinHash: await fast(PINS.cashier),
    },
    {
      id: BASICS.staff.manager,
      name: 'Morgan Manager',
      role: 'manager',
      stores: ['S1'],
      pinHash: await fast(PINS.manager),
    },
    {
      id: BASICS.staff.hq,
      name: 'Harper Office',
      role: 'headOffice',
      stores: [],
      pinHash: await fast(PINS.hq),
    },
    {
      id: BASICS.staff.otherCashier,
      name: 'Sam Second',
      role: 'cashier',
      stores: ['S2'],
      pinHash: await fast(PINS.otherCashier),
    },
  ]);
}

export async function signIn(server: TestServer, who: keyof typeof PINS): Promise<string> {
  const result = await server.call<{ token: string }>('POST', '/api/auth/sign-in', {
    body: { staff: BASICS.staff[who], pin: PINS[who] },
  });
  if (result.status !== 200)
    throw new Error(`sign-in of ${who} failed: ${JSON.stringify(result.body)}`);
  return result.body.token;
}

/** Enrols a register through the API as head office would, and returns its token. */
export async function enrol(
  server: TestServer,
  hqToken: string,
  store: string,
  register: string,
): Promise<string> {
  const code = await server.call<{ code: string }>(
    'POST',
    `/api/hq/stores/${store}/registers/${register}/enrolment-code`,
    { token: hqToken },
  );
  if (code.status !== 201) throw new Error(`enrolment code failed: ${JSON.stringify(code.body)}`);
  const result = await server.call<{ token: string }>('POST', '/api/registers/enrol', {
    body: { code: code.body.code },
  });
  if (result.status !== 200) throw new Error(`enrolment failed: ${JSON.stringify(result.body)}`);
  return result.body.token;
}

/**
 * Posts `points` STAR earned online on a card at `at`, through the ledger's own writer: the
 * history a test needs before it looks at balances, lots, tiers or notices.
 */
export async function earnOnline(
  database: Database,
  card: string,
  points: number,
  at: number,
): Promise<void> {
  const rps = await loadRewardPoints(database);
  await database.transaction((tx) =>
    postEntries(
      tx,
      [
        {
          id: randomUUID(),
          cardNumber: card,
          rewardPointId: 'STAR',
          kind: 'earn',
          points,
          earnedAt: new Date(at),
          origin: 'online',
        },
      ],
      rps,
      new Date(at),
    ),
  );
}
