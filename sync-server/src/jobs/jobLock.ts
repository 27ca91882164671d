import type { Database } from '../db/database';

/** The first key of every job lock: keeps job locks apart from other advisory locks. */
const JOB_LOCK_NAMESPACE = 727_260_100;

/** Takes both int4 keys of the lock: the namespace and a non-negative hash of the job's name. */
const LOCK_KEYS = `$1::int, (hashtext($2) & 2147483647)`;

export interface JobLock {
  /**
   * Whether the lock went with its connection (the database restarted, the line was cut): someone
   * else may hold it now, so the run must stop at its next step.
   */
  lost(): boolean;
  release(): Promise<void>;
}

/** The run's lock went with its database connection: the run stops, as interrupted. */
export class JobLockLost extends Error {
  override name = 'JobLockLost';
  constructor(readonly job: string) {
    super(
      `interrupted: the database connection holding the job's lock was lost, so another run may have started`,
    );
  }
}

/**
 * A PostgreSQL session advisory lock named after the job, held for the whole run. It lives as long
 * as the connection, so a crashed process lets go of it at once, and it works across processes.
 * Null when someone already holds it.
 */
export async function tryLockJob(database: Database, name: string): Promise<JobLock | null> {
  const native = database.native;
  if (native.kind !== 'postgres') return tryLockEmbedded(database, name);
  const client = await native.sessionPool.connect();
  let lost = false;
  // A checked-out connection that breaks emits 'error' (unhandled, it would end the process).
  const onLost = () => {
    lost = true;
  };
  client.on('error', onLost);
  client.on('end', onLost);
  const letGo = (destroy: boolean) => {
    client.off('end', onLost);
    client.release(destroy);
    client.off('error', onLost);
  };
  try {
    const result = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(${LOCK_KEYS}) as locked`,
      [JOB_LOCK_NAMESPACE, name],
    );
    if (result.rows[0]?.locked !== true) {
      letGo(false);
      return null;
    }
  } catch (error) {
    letGo(true);
    throw error;
  }
  return {
    lost: () => lost,
    async release() {
      if (lost) return letGo(true);
      try {
        await client.query(`select pg_advisory_unlock(${LOCK_KEYS})`, [JOB_LOCK_NAMESPACE, name]);
        letGo(false);
      } catch {
        // Destroy the connection: closing it is what lets go of the lock then.
        letGo(true);
      }
    },
  };
}

/**
 * PGlite is one session for the whole process, and a session may take an advisory lock it
 * already holds. So the lock is taken only when pg_locks shows nobody (this process) holds it.
 * The session is the process's own: the lock cannot be lost while the process lives.
 */
async function tryLockEmbedded(database: Database, name: string): Promise<JobLock | null> {
  const result = await database.query<{ locked: boolean }>(
    `select case when exists (
       select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 2
         and classid = $1::int::oid and objid = (hashtext($2) & 2147483647)::oid
     ) then false else pg_try_advisory_lock(${LOCK_KEYS}) end as locked`,
    [JOB_LOCK_NAMESPACE, name],
  );
  if (result.rows[0]?.locked !== true) return null;
  return {
    lost: () => false,
    async release() {
      await database.query(`select pg_advisory_unlock(${LOCK_KEYS})`, [JOB_LOCK_NAMESPACE, name]);
    },
  };
}
