import { and, asc, desc, eq, gt, ne } from 'drizzle-orm';
import { promotionOf } from '../../../shared/domain/loyalty';
import type { Session } from '../db/database';
import { schemes } from '../db/schema';
import type { SchemeVersion } from '../../../shared/protocol/api';
import { notFound } from '../errors';
import { checkScheme, type SchemeBody } from './schemeChecks';
import { insertOnce } from './writes';

type Row = typeof schemes.$inferSelect;
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export const schemeToWire = (row: Row): SchemeVersion => ({
  id: row.id,
  version: row.version,
  ...(row.name === null ? {} : { name: row.name }),
  program: row.programId,
  validFrom: iso(row.validFrom),
  validTo: iso(row.validTo),
  stores: row.stores,
  earning: row.earning,
  redemption: row.redemption,
  excludedAffiliations: row.excludedAffiliations,
  ...row.promotion,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  activatedAt: iso(row.activatedAt),
});

/** Latest version of each scheme, keyset paged by scheme id. */
export async function listSchemes(
  session: Session,
  limit: number,
  after: string | undefined,
): Promise<SchemeVersion[]> {
  const rows = await session.db
    .selectDistinctOn([schemes.id])
    .from(schemes)
    .where(after === undefined ? undefined : gt(schemes.id, after))
    .orderBy(asc(schemes.id), desc(schemes.version))
    .limit(limit);
  return rows.map(schemeToWire);
}

export async function readSchemeVersion(
  session: Session,
  id: string,
  version: number,
): Promise<SchemeVersion> {
  const [row] = await session.db
    .select()
    .from(schemes)
    .where(and(eq(schemes.id, id), eq(schemes.version, version)));
  if (!row) throw notFound(`version ${version} of scheme ${id}`);
  return schemeToWire(row);
}

export async function readScheme(session: Session, id: string) {
  const rows = await session.db
    .select()
    .from(schemes)
    .where(eq(schemes.id, id))
    .orderBy(desc(schemes.version));
  const [latest] = rows;
  if (!latest) throw notFound(`scheme ${id}`);
  return {
    ...schemeToWire(latest),
    versions: rows.map((row) => ({
      version: row.version,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      activatedAt: iso(row.activatedAt),
    })),
  };
}

const toDate = (text: string | null) => (text === null ? null : new Date(text));

async function insertVersion(
  tx: Session,
  id: string,
  version: number,
  body: SchemeBody,
  now: Date,
) {
  await checkScheme(tx, body);
  await insertOnce(
    () =>
      tx.db.insert(schemes).values({
        id,
        version,
        name: body.name ?? null,
        programId: body.program,
        status: 'draft',
        validFrom: toDate(body.validFrom),
        validTo: toDate(body.validTo),
        stores: [...new Set(body.stores)],
        earning: body.earning,
        redemption: body.redemption,
        excludedAffiliations: body.excludedAffiliations,
        promotion: promotionOf(body),
        createdAt: now,
      }),
    version === 1
      ? `scheme ${id} already exists: save a change with PUT /api/hq/schemes/${id}`
      : `another change of scheme ${id} was saved at the same time: reload it and save again`,
  );
  return readSchemeVersion(tx, id, version);
}

/** A new scheme: version 1, a draft until activated. */
export function createScheme(tx: Session, body: SchemeBody, now: Date): Promise<SchemeVersion> {
  return insertVersion(tx, body.id, 1, body, now);
}

/**
 * A change never edits a stored version (registers stamp the version their offline earnings used,
 * and the server re-checks against exactly that): it saves the next version, as a draft.
 */
export async function saveNewVersion(
  tx: Session,
  id: string,
  body: SchemeBody,
  now: Date,
): Promise<SchemeVersion> {
  const [latest] = await tx.db
    .select({ version: schemes.version })
    .from(schemes)
    .where(eq(schemes.id, id))
    .orderBy(desc(schemes.version))
    .limit(1);
  if (!latest) throw notFound(`scheme ${id}`);
  return insertVersion(tx, id, latest.version + 1, body, now);
}

/**
 * Makes one version the scheme's active one. The version that was active before goes back to
 * `draft` (the table knows only draft and active) and keeps its activated_at, so it still reads as
 * "was active once"; every version stays stored.
 */
export async function activateVersion(
  tx: Session,
  id: string,
  version: number,
  now: Date,
): Promise<SchemeVersion> {
  // Lock the scheme's versions so two activations at once end with exactly one active.
  await tx.db.select({ v: schemes.version }).from(schemes).where(eq(schemes.id, id)).for('update');
  await readSchemeVersion(tx, id, version);
  await tx.db
    .update(schemes)
    .set({ status: 'draft' })
    .where(and(eq(schemes.id, id), eq(schemes.status, 'active'), ne(schemes.version, version)));
  await tx.db
    .update(schemes)
    .set({ status: 'active', activatedAt: now })
    .where(and(eq(schemes.id, id), eq(schemes.version, version)));
  return readSchemeVersion(tx, id, version);
}
