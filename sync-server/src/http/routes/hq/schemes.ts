import { api } from '../../../../../shared/protocol/api';
import { pageOf } from '../../../hq/paging';
import {
  activateVersion,
  createScheme,
  listSchemes,
  readScheme,
  readSchemeVersion,
  saveNewVersion,
} from '../../../hq/schemes';
import type { RouteModule } from '../../app';
import { invalidField } from '../../../errors';
import { serve } from '../../serve';

/**
 * Schemes with earning and redemption lines, versioned: `/api/hq/schemes`. Create makes version 1
 * (draft); PUT saves the next version (draft, 201); activate makes one version the active one.
 */
export const schemeRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());
  const schemes = api.hq.schemes;

  serve(app, schemes.list, async ({ query: { limit, after } }) =>
    pageOf(await listSchemes(database, limit + 1, after), limit, (s) => s.id),
  );

  serve(app, schemes.get, async ({ params }) => readScheme(database, params.id));

  serve(app, schemes.version, async ({ params }) =>
    readSchemeVersion(database, params.id, params.version),
  );

  serve(app, schemes.create, async ({ body }) =>
    database.transaction((tx) => createScheme(tx, body, now())),
  );

  serve(app, schemes.update, async ({ params: { id }, body }) => {
    if (body.id !== undefined && body.id !== id)
      throw invalidField(
        'idMismatch',
        'id',
        'invalid',
        `the body names ${body.id} but the path ${id}`,
      );
    return database.transaction((tx) => saveNewVersion(tx, id, { ...body, id }, now()));
  });

  serve(app, schemes.activate, async ({ params: { id, version } }) =>
    database.transaction((tx) => activateVersion(tx, id, version, now())),
  );
};
