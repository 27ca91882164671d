import { eq } from 'drizzle-orm';
import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { requireRegister } from '../../auth/principal';
import { cardsByContact } from '../../cards/search';
import { stores } from '../../db/schema';
import { conflict } from '../../errors';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/** A register finds a customer's card by phone or e-mail, among its store's program only. */
export const syncCardSearchRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.cardsByContact, async ({ principal, query }) => {
    const register = requireRegister(principal);
    const [store] = await context.database.db
      .select({ program: stores.programId })
      .from(stores)
      .where(eq(stores.id, register.store));
    if (!store?.program)
      throw conflict('noProgram', `store ${register.store} has no loyalty program`);
    const cards = await cardsByContact(context.database, store.program, query);
    return { protocol: PROTOCOL_VERSION, cards };
  });
};
