import { and, asc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Program, Tier } from '../../../shared/domain/loyalty';
import type { Session } from '../db/database';
import { programs, tiers } from '../db/schema';
import { fieldFault, invalidFields, type FieldFault } from '../errors';
import { References } from './references';
import { whileUnreferenced } from './writes';

type TierRow = typeof tiers.$inferSelect;
type ProgramRow = typeof programs.$inferSelect;

const tierToWire = (row: TierRow): Tier => ({
  id: row.id,
  name: row.name,
  level: row.level,
  stay: row.stay ?? null,
  discount: row.discount ?? null,
  rules: row.rules,
  ...(row.expiryWarningDays === null ? {} : { expiryWarningDays: row.expiryWarningDays }),
});

/** Programs with their tiers, lowest level first. */
export async function programsWithTiers(
  session: Session,
  rows: readonly ProgramRow[],
): Promise<Program[]> {
  if (rows.length === 0) return [];
  const tierRows = await session.db
    .select()
    .from(tiers)
    .where(
      inArray(
        tiers.programId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(tiers.level));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    tiers: tierRows.filter((tier) => tier.programId === row.id).map(tierToWire),
  }));
}

function duplicates(
  values: readonly (string | number)[],
  field: (i: number) => string,
): FieldFault[] {
  const seen = new Set<string | number>();
  return values.flatMap((value, i) => {
    if (seen.has(value))
      return [
        fieldFault(field(i), 'duplicate', `${String(value)} appears twice`, {
          value: String(value),
        }),
      ];
    seen.add(value);
    return [];
  });
}

/** Tier ids and levels unique in the body, rules on known reward points, tiers not another program's. */
async function checkTiers(
  tx: Session,
  programId: string,
  body: Omit<Program, 'id'>,
): Promise<void> {
  const problems = [
    ...duplicates(
      body.tiers.map((t) => t.id),
      (i) => `tiers.${i}.id`,
    ),
    ...duplicates(
      body.tiers.map((t) => t.level),
      (i) => `tiers.${i}.level`,
    ),
  ];
  const others = await tx.db
    .select({ id: tiers.id, programId: tiers.programId })
    .from(tiers)
    .where(
      and(
        inArray(
          tiers.id,
          body.tiers.map((t) => t.id),
        ),
        ne(tiers.programId, programId),
      ),
    );
  for (const other of others) {
    const i = body.tiers.findIndex((t) => t.id === other.id);
    problems.push(
      fieldFault(
        `tiers.${i}.id`,
        'tierOfOtherProgram',
        `tier ${other.id} belongs to program ${other.programId}`,
        {
          value: other.id,
          owner: other.programId,
        },
      ),
    );
  }
  if (problems.length > 0) throw invalidFields('invalidProgram', problems);
  const refs = new References();
  body.tiers.forEach((tier, i) =>
    tier.rules.forEach((rule, j) =>
      refs.add('rewardPoint', `tiers.${i}.rules.${j}.rewardPoint`, rule.rewardPoint),
    ),
  );
  await refs.check(tx);
}

/**
 * Writes the program's tiers as given: tiers left out are removed (409 while cards hold them),
 * the others inserted or updated. Levels may be swapped between tiers in one save.
 */
async function replaceTiers(
  tx: Session,
  programId: string,
  body: Omit<Program, 'id'>,
  now: Date,
): Promise<void> {
  const kept = body.tiers.map((t) => t.id);
  await whileUnreferenced(
    () =>
      tx.db.delete(tiers).where(and(eq(tiers.programId, programId), notInArray(tiers.id, kept))),
    `a tier of program ${programId} left out of this save is still held by cards; keep it`,
  );
  // Out of the way first, so a swap of levels never trips the (program, level) unique key.
  await tx.db
    .update(tiers)
    .set({ level: sql`-1 - ${tiers.level}` })
    .where(eq(tiers.programId, programId));
  for (const tier of body.tiers) {
    const values = {
      name: tier.name,
      level: tier.level,
      stay: tier.stay,
      discount: tier.discount,
      rules: tier.rules,
      expiryWarningDays: tier.expiryWarningDays ?? null,
      updatedAt: now,
    };
    await tx.db
      .insert(tiers)
      .values({ id: tier.id, programId, ...values, createdAt: now })
      .onConflictDoUpdate({ target: tiers.id, set: values });
  }
}

export async function createProgram(tx: Session, body: Program, now: Date): Promise<void> {
  await checkTiers(tx, body.id, body);
  await tx.db
    .insert(programs)
    .values({ id: body.id, name: body.name, createdAt: now, updatedAt: now });
  await replaceTiers(tx, body.id, body, now);
}

export async function updateProgram(
  tx: Session,
  id: string,
  body: Omit<Program, 'id'>,
  now: Date,
): Promise<boolean> {
  const updated = await tx.db
    .update(programs)
    .set({ name: body.name, updatedAt: now })
    .where(eq(programs.id, id))
    .returning({ id: programs.id });
  if (updated.length === 0) return false;
  await checkTiers(tx, id, body);
  await replaceTiers(tx, id, body, now);
  return true;
}
