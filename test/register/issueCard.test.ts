import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { factTables, writeFact } from '../../renderer/register/localdb/facts';
import { RegisterDb, writeMeta } from '../../renderer/register/localdb/schema';
import { readBlocks, takeNumber } from '../../renderer/register/manager/cardNumbers';
import { checkCardNumber } from '../../shared/engine/cardNumbers';

const SELF = { store: 'S1', register: 'S1-R1' };
let db: RegisterDb;
let name = 0;
beforeEach(async () => {
  db = new RegisterDb(`issue-${++name}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe("issuing cards from the register's number blocks", () => {
  it('takes each number once, with the card fact, in one transaction', async () => {
    await writeMeta(db, 'cardNumberBlocks', [
      { id: '1', first: 11, last: 12, prefix: '6001', sequenceDigits: 11 },
    ]);
    const issue = () =>
      db.transaction('rw', factTables(db), async () => {
        const number = await takeNumber(db);
        if (!number) return null;
        await writeFact(
          db,
          SELF,
          {
            id: randomUUID(),
            type: 'cardIssued',
            card: { number, customer: null, program: 'MAIN', staff: 'M1' },
          },
          new Date(),
        );
        return number;
      });
    const first = await issue();
    const second = await issue();
    expect(await issue()).toBeNull();
    expect(first).not.toBe(second);
    for (const number of [first, second]) expect(checkCardNumber(number ?? '').ok).toBe(true);
    expect((await readBlocks(db)).left).toBe(0);
    expect(await db.facts.count()).toBe(2);
  });
});
