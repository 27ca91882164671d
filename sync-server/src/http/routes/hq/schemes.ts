import { z } from 'zod';
import { Id, PositiveInt } from '../../../../../shared/domain/common';
import { PageQuery, pageOf, pageSchema } from '../../../hq/paging';
import {
  activateVersion,
  createScheme,
  listSchemes,
  readScheme,
  readSchemeVersion,
  saveNewVersion,
  SchemeBodySchema,
  SchemeDetail,
  SchemeUpdateSchema,
  SchemeVersion,
} from '../../../hq/schemes';
import type { RouteModule } from '../../app';
import { invalidField } from '../../../errors';
import { requireStaff } from '../../../auth/principal';

const IdParams = z.object({ id: Id });
const VersionParams = z.object({ id: Id, version: z.coerce.number().pipe(PositiveInt) });
const tags = ['schemes'];

/**
 * Schemes with earning and redemption lines, versioned: `/api/hq/schemes`. Create makes version 1
 * (draft); PUT saves the next version (draft, 201); activate makes one version the active one.
 */
export const schemeRoutes: RouteModule = (app, context) => {
  const { database } = context;
  const now = () => new Date(context.clock.now());

  app.get(
    '/api/hq/schemes',
    { schema: { tags, querystring: PageQuery, response: { 200: pageSchema(SchemeVersion) } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { limit, after } = request.query;
      return pageOf(await listSchemes(database, limit + 1, after), limit, (s) => s.id);
    },
  );

  app.get(
    '/api/hq/schemes/:id',
    { schema: { tags, params: IdParams, response: { 200: SchemeDetail } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return readScheme(database, request.params.id);
    },
  );

  app.get(
    '/api/hq/schemes/:id/versions/:version',
    { schema: { tags, params: VersionParams, response: { 200: SchemeVersion } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      return readSchemeVersion(database, request.params.id, request.params.version);
    },
  );

  app.post(
    '/api/hq/schemes',
    { schema: { tags, body: SchemeBodySchema, response: { 201: SchemeVersion } } },
    async (request, reply) => {
      requireStaff(request.principal, 'headOffice');
      const created = await database.transaction((tx) => createScheme(tx, request.body, now()));
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/hq/schemes/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: SchemeUpdateSchema,
        response: { 201: SchemeVersion },
      },
    },
    async (request, reply) => {
      requireStaff(request.principal, 'headOffice');
      const { id } = request.params;
      if (request.body.id !== undefined && request.body.id !== id)
        throw invalidField(
          'idMismatch',
          'id',
          'invalid',
          `the body names ${request.body.id} but the path ${id}`,
        );
      const saved = await database.transaction((tx) =>
        saveNewVersion(tx, id, { ...request.body, id }, now()),
      );
      return reply.status(201).send(saved);
    },
  );

  app.post(
    '/api/hq/schemes/:id/versions/:version/activate',
    { schema: { tags, params: VersionParams, response: { 200: SchemeVersion } } },
    async (request) => {
      requireStaff(request.principal, 'headOffice');
      const { id, version } = request.params;
      return database.transaction((tx) => activateVersion(tx, id, version, now()));
    },
  );
};
