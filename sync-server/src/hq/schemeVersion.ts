import { and, eq } from 'drizzle-orm';
import type { Scheme } from '../../../shared/domain/loyalty';
import { schemeRules } from '../../../shared/domain/toEngine';
import type { SchemeRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { schemes } from '../db/schema';

export interface StoredSchemeVersion {
  /** The version as head office wrote and distributed it. */
  readonly wire: Scheme;
  readonly rules: SchemeRules;
  readonly stores: readonly string[];
  readonly programId: string | null;
  /** Active now, or active once (activated, then superseded by a newer version). */
  readonly wasActive: boolean;
  readonly validFrom: Date | null;
  readonly validTo: Date | null;
}

/** One version of a scheme as the engine wants it; schemes are stored in their wire form. */
export async function schemeVersion(
  session: Session,
  id: string,
  version: number,
  currency: string,
): Promise<StoredSchemeVersion | null> {
  const [row] = await session.db
    .select()
    .from(schemes)
    .where(and(eq(schemes.id, id), eq(schemes.version, version)));
  if (!row) return null;
  const wire: Scheme = {
    id: row.id,
    version: row.version,
    program: row.programId,
    validFrom: row.validFrom?.toISOString() ?? null,
    validTo: row.validTo?.toISOString() ?? null,
    stores: row.stores,
    earning: row.earning,
    redemption: row.redemption,
    excludedAffiliations: row.excludedAffiliations,
  };
  return {
    wire,
    rules: schemeRules(wire, currency),
    stores: row.stores,
    programId: row.programId,
    wasActive: row.status === 'active' || row.activatedAt !== null,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}
