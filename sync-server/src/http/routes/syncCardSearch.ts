import { eq } from 'drizzle-orm';
import {
  ContactCardAnswer,
  ContactCardQuery,
  PROTOCOL_VERSION,
} from '../../../../shared/protocol/sync';
import { cardsByContact } from '../../cards/search';
import { stores } from '../../db/schema';
import { conflict } from '../../errors';
import { CONTACT_SEARCH_LIMIT } from '../limits';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';

/** A register finds a customer's card by phone or e-mail, among its store's program only. */
export const syncCardSearchRoutes: RouteModule = (app, context) => {
  app.get(
    '/api/sync/cards-by-contact',
    {
      schema: {
        tags: ['sync'],
        summary: "Cards of the register's program whose customer has this phone or e-mail",
        querystring: ContactCardQuery,
        response: { 200: ContactCardAnswer },
      },
      config: { rateLimit: CONTACT_SEARCH_LIMIT },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      const [store] = await context.database.db
        .select({ program: stores.programId })
        .from(stores)
        .where(eq(stores.id, register.store));
      if (!store?.program)
        throw conflict('noProgram', `store ${register.store} has no loyalty program`);
      const cards = await cardsByContact(context.database, store.program, request.query);
      return { protocol: PROTOCOL_VERSION, cards } satisfies ContactCardAnswer;
    },
  );
};
