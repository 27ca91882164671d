import { asc, eq, gt } from 'drizzle-orm';
import type { Program } from '../../../../../shared/domain/loyalty';
import { programs } from '../../../db/schema';
import { createProgram, programsWithTiers, updateProgram } from '../../../hq/programs';
import { api } from '../../../../../shared/protocol/api';
import { crudRoutes } from './crud';

/** Programs with their tiers and tier rules: `/api/hq/programs`. */
export const programRoutes = crudRoutes<Program, Program, Omit<Program, 'id'>>({
  routes: api.hq.programs,
  name: 'program',
  key: (item) => item.id,
  async list(session, limit, after) {
    const rows = await session.db
      .select()
      .from(programs)
      .where(after === undefined ? undefined : gt(programs.id, after))
      .orderBy(asc(programs.id))
      .limit(limit);
    return programsWithTiers(session, rows);
  },
  async read(session, id) {
    const rows = await session.db.select().from(programs).where(eq(programs.id, id));
    return (await programsWithTiers(session, rows))[0] ?? null;
  },
  create: createProgram,
  update: updateProgram,
});
