import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyFactEvent,
  applyPushResults,
  outboxBatch,
  outboxDepth,
  recordFact,
  type FactDraft,
} from '../../renderer/register/localdb/facts';
import { RegisterDb, SCHEMA_V1, SCHEMA_VERSION } from '../../renderer/register/localdb/schema';

const SELF = { store: 'S1', register: 'S1-R1' };
const AT = new Date('2026-03-01T10:00:00Z');

const cardIssued = (number = '60010000000001'): FactDraft => ({
  type: 'cardIssued',
  id: randomUUID(),
  card: { number, customer: null, program: 'MAIN', staff: 'M1' },
});

let db: RegisterDb;
let name = 0;
beforeEach(async () => {
  db = new RegisterDb(`facts-${++name}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('facts and their outbox', () => {
  it('writes each fact with its outbox row and the next device sequence', async () => {
    const first = await recordFact(db, SELF, cardIssued(), AT);
    const second = await recordFact(db, SELF, cardIssued('60010000000019'), AT);
    expect([first.deviceSeq, second.deviceSeq]).toEqual([1, 2]);
    expect(first).toMatchObject({ store: 'S1', register: 'S1-R1', deviceTime: AT.toISOString() });
    expect(await outboxDepth(db)).toBe(2);
    expect((await outboxBatch(db, 500)).map((fact) => fact.id)).toEqual([first.id, second.id]);
    expect((await db.facts.get(first.id))?.status).toBe('queued');
  });

  it('writes nothing for a fact that does not match the protocol', async () => {
    await recordFact(db, SELF, cardIssued(), AT);
    await expect(recordFact(db, SELF, cardIssued('12'), AT)).rejects.toThrow(/number/);
    expect(await outboxDepth(db)).toBe(1);
    expect(await db.facts.count()).toBe(1);
    expect((await recordFact(db, SELF, cardIssued('60010000000027'), AT)).deviceSeq).toBe(2);
  });

  it('marks push answers and events, and never takes back the final word', async () => {
    const a = await recordFact(db, SELF, cardIssued(), AT);
    const b = await recordFact(db, SELF, cardIssued('60010000000019'), AT);
    const c = await recordFact(db, SELF, cardIssued('60010000000027'), AT);
    await applyFactEvent(db, { type: 'fact', id: c.id, status: 'posted' });
    await applyPushResults(db, [
      { id: a.id, status: 'accepted' },
      { id: b.id, status: 'rejected', reason: 'unknown card' },
      { id: c.id, status: 'duplicate' },
    ]);
    expect(await outboxDepth(db)).toBe(0);
    expect(await db.facts.get(a.id)).toMatchObject({ status: 'accepted', reason: null });
    expect(await db.facts.get(b.id)).toMatchObject({ status: 'rejected', reason: 'unknown card' });
    expect((await db.facts.get(c.id))?.status).toBe('posted');
    await applyFactEvent(db, { type: 'fact', id: a.id, status: 'posted' });
    expect((await db.facts.get(a.id))?.status).toBe('posted');
  });
});

describe('schema upgrade from version 1 to the latest', () => {
  it('keeps every unsynced fact and its outbox row', async () => {
    const dbName = `upgrade-${++name}`;
    const old = new Dexie(dbName);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    const queued = {
      id: randomUUID(),
      seq: 1,
      type: 'cardIssued',
      fact: { id: 'x', type: 'cardIssued', card: { number: '60010000000001' } },
    };
    const answered = { id: randomUUID(), seq: 2, type: 'cardIssued', fact: { id: 'y' } };
    await old.table('facts').bulkAdd([queued, answered]);
    await old.table('outbox').add({ seq: 1, id: queued.id });
    await old.table('meta').put({ key: 'deviceSeq', value: 2 });
    old.close();

    const upgraded = new RegisterDb(dbName);
    await upgraded.open();
    expect(upgraded.verno).toBe(SCHEMA_VERSION);
    expect(await upgraded.facts.where('cards').equals('60010000000001').count()).toBe(1);
    expect(await upgraded.outbox.toArray()).toEqual([{ seq: 1, id: queued.id, attempts: 0 }]);
    expect(await upgraded.facts.get(queued.id)).toMatchObject({ status: 'queued', reason: null });
    expect((await upgraded.facts.get(answered.id))?.status).toBe('accepted');
    expect(await upgraded.facts.where('status').equals('queued').count()).toBe(1);
    expect((await upgraded.meta.get('deviceSeq'))?.value).toBe(2);
    upgraded.close();
    await upgraded.delete();
  });
});
