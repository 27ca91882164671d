import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recordedContact,
  recordRegisterHealth,
  type HealthReport,
} from '../../sync-server/src/ingest/health';
import { recordFedInFull, recordedHeldVersion } from '../../sync-server/src/ingest/heldVersion';
import { PGLITE_CREATE_TIMEOUT, TEST_BACKENDS, type TestBackend } from './helpers/backends';
import { startSyncTestServer, type SyncTestServer } from './helpers/facts';

/**
 * A push reads the register's health row once, before storing its facts, and writes its health
 * from that read. A feed page recording a version sent in full in between must not be lost.
 */
for (const backendKind of TEST_BACKENDS) {
  describe.skipIf(backendKind.skip)(
    `health written from a read before the push (${backendKind.name})`,
    () => {
      let backend: TestBackend;
      let sync: SyncTestServer;

      beforeAll(async () => {
        backend = await backendKind.create();
        sync = await startSyncTestServer(backend);
      }, PGLITE_CREATE_TIMEOUT);

      afterAll(async () => {
        await sync?.server.close();
        await backend?.remove();
      });

      const report = (
        registerId: string,
        at: number,
        distributionVersion?: number,
      ): HealthReport => ({
        registerId,
        at: new Date(at),
        clockOffsetMs: 0,
        outboxDepth: 3,
        distributionVersion,
      });

      it('writes from the read when nothing changed since, as reading again would', async () => {
        const db = sync.server.database;
        const at = Date.parse('2026-03-01T10:00:00Z');
        await recordRegisterHealth(db, report('S1-R1', at, 2));
        const read = await recordedContact(db, 'S1-R1');
        expect(read.held).toEqual({ held: 2, fed: [] });
        await recordRegisterHealth(db, report('S1-R1', at + 1000, 3), read);
        expect(await recordedHeldVersion(db, 'S1-R1')).toEqual({ held: 3, fed: [] });
        const row = await db.query<{ outbox_depth: number; last_contact_at: string }>(
          'select outbox_depth, last_contact_at from register_health where register_id = $1',
          ['S1-R1'],
        );
        expect(row.rows[0]?.outbox_depth).toBe(3);
        expect(new Date(row.rows[0]?.last_contact_at ?? 0).getTime()).toBe(at + 1000);
      });

      it('keeps a version the feed recorded as sent in full after the read', async () => {
        const db = sync.server.database;
        const at = Date.parse('2026-03-01T11:00:00Z');
        await recordRegisterHealth(db, report('S1-R2', at, 1));
        const read = await recordedContact(db, 'S1-R2');
        await recordFedInFull(db, 'S1-R2', 4, at + 500);
        await recordRegisterHealth(db, report('S1-R2', at + 1000, 1), read);
        expect(await recordedHeldVersion(db, 'S1-R2')).toEqual({
          held: 1,
          fed: [{ version: 4, at: at + 500 }],
        });
      });

      it('keeps a row another contact created after a read that found none', async () => {
        const db = sync.server.database;
        const at = Date.parse('2026-03-01T12:00:00Z');
        const read = await recordedContact(db, 'S2-R1');
        expect(read).toEqual({ quiet: null, held: null, row: null });
        await recordFedInFull(db, 'S2-R1', 5, at);
        await recordRegisterHealth(db, report('S2-R1', at + 1000), read);
        expect(await recordedHeldVersion(db, 'S2-R1')).toEqual({
          held: null,
          fed: [{ version: 5, at }],
        });
      });
    },
  );
}
