import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../shared/protocol/sync';
import { applyFactEvent, recordFact, type FactDraft } from '../../renderer/register/localdb/facts';
import { RegisterDb } from '../../renderer/register/localdb/schema';
import { ServerLink } from '../../renderer/register/sync/link';
import { catchUpOutcomes } from '../../renderer/register/sync/outcomes';
import { pushOutbox } from '../../renderer/register/sync/push';
import { postPendingFacts } from '../../sync-server/src/posting/postPendingFacts';
import { pgliteBackend, PGLITE_CREATE_TIMEOUT, type TestBackend } from '../server/helpers/backends';
import { buildReturnReceipt } from '../../shared/checkout/returns';
import { readReturnable } from '../../renderer/register/returns/returnable';
import {
  adjustmentFact,
  createCard,
  saleFact,
  startSyncTestServer,
  testCardNumber,
  type SyncTestServer,
} from '../server/helpers/facts';

const SELF = { store: 'S1', register: 'S1-R1' };

/** An adjustment as the register records it (its placement is the register's to add). */
function adjustment(card: string, points: number, staff: string): FactDraft {
  const fact = adjustmentFact(card, points, { ...SELF, staff });
  return {
    type: fact.type,
    id: fact.id,
    entry: fact.entry,
    ...(fact.approval ? { approval: fact.approval } : {}),
  };
}

/** A register that missed the post job's events asks for the outcomes after its next pull. */
describe("the register's catch-up on outcomes it did not hear", () => {
  let backend: TestBackend;
  let sync: SyncTestServer;
  let link: ServerLink;
  let other: ServerLink;

  beforeAll(async () => {
    backend = await pgliteBackend();
    sync = await startSyncTestServer(backend);
    link = new ServerLink({ serverUrl: sync.server.url, token: sync.registers['S1-R1'] });
    other = new ServerLink({ serverUrl: sync.server.url, token: sync.registers['S1-R2'] });
  }, PGLITE_CREATE_TIMEOUT);

  afterAll(async () => {
    await sync?.server.close();
    await backend?.remove();
  });

  it('settles posted and rejected facts, leaves pending ones, and tells no other register', async () => {
    const db = new RegisterDb('outcomes');
    await db.open();
    const card = await createCard(sync.server.database, testCardNumber(700));
    const at = new Date(sync.server.clock.now());
    const posted = await recordFact(db, SELF, adjustment(card, 50, 'M1'), at);
    const rejected = await recordFact(db, SELF, adjustment(card, 20, 'C1'), at);
    const health = async () => ({ outboxDepth: 0, distributionVersion: 0 });
    await pushOutbox(link, db, health, () => sync.server.clock.now());
    expect(await postPendingFacts(sync.server.context)).toMatchObject({ posted: 1, rejected: 1 });
    const late = await recordFact(db, SELF, adjustment(card, 30, 'M1'), at);
    await pushOutbox(link, db, health, () => sync.server.clock.now());
    expect((await db.facts.get(posted.id))?.status).toBe('accepted');

    expect(await catchUpOutcomes(link, db, 7)).toBe(2);
    expect(await db.facts.get(posted.id)).toMatchObject({ status: 'posted', postedAtVersion: 7 });
    expect(await db.facts.get(rejected.id)).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/cashier/),
    });
    expect((await db.facts.get(late.id))?.status).toBe('accepted');
    // Asking again changes nothing; an event arriving late does not undo the final word.
    expect(await catchUpOutcomes(link, db, 8)).toBe(0);
    await applyFactEvent(db, { type: 'fact', id: posted.id, status: 'posted' }, 9);
    expect((await db.facts.get(posted.id))?.postedAtVersion).toBe(9);

    // Another register asking for these ids learns nothing about them.
    const answer = await other.route(api.sync.factStatus, {
      body: { protocol: PROTOCOL_VERSION, ids: [posted.id, late.id] },
    });
    expect(answer).toMatchObject({ facts: [] });
    db.close();
    await db.delete();
  });

  it('keeps a sale on a card blocked meanwhile: its points refused, the sale still returnable, for no points', async () => {
    const db = new RegisterDb('outcomes-blocked');
    await db.open();
    const card = await createCard(sync.server.database, testCardNumber(701), { status: 'blocked' });
    const at = new Date(sync.server.clock.now());
    const sold = saleFact({ card, lines: [{ net: '4.00', quantity: 2 }] });
    const recorded = await recordFact(
      db,
      SELF,
      { type: 'sale', id: sold.id, receipt: sold.receipt },
      at,
    );
    const health = async () => ({ outboxDepth: 0, distributionVersion: 0 });
    await pushOutbox(link, db, health, () => sync.server.clock.now());
    expect(await postPendingFacts(sync.server.context)).toMatchObject({ loyaltyRejected: 1 });
    expect(await catchUpOutcomes(link, db, 3)).toBe(1);
    expect(await db.facts.get(recorded.id)).toMatchObject({
      status: 'loyaltyRejected',
      reason: expect.stringMatching(/is blocked/),
    });

    const [returnable] = await readReturnable(db);
    if (!returnable) throw new Error('the kept sale is not returnable');
    expect(returnable.sale.id).toBe(recorded.id);
    const back = buildReturnReceipt({
      original: returnable.sale,
      returnedBefore: returnable.returned,
      lines: [{ id: '1', quantity: 1 }],
      staff: 'C1',
      offline: false,
      newId: () => crypto.randomUUID(),
    });
    expect(back.entries).toEqual([]);
    db.close();
    await db.delete();
  });
});
