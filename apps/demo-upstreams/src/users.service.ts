import type { FastifyInstance } from 'fastify';
import type { SeedData, User } from './seed-data';
import { createServiceApp, parseIdList, sendError, ServiceAppOptions } from './service-app';

/**
 * The users upstream: `GET /users/:id` and `GET /users?ids=u1,u2` (at most 100 ids; unknown ids are omitted).
 * Answers 404 `not_found` for an unknown id and 400 `bad_request` for a missing or too long id list.
 * @example const app = createUsersService(createSeedData()); await app.listen({ port: 0 });
 */
export function createUsersService(data: SeedData, opts: ServiceAppOptions = {}): FastifyInstance {
  const app = createServiceApp(opts);

  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    const user = data.users.get(request.params.id);
    return user ?? sendError(reply, 404, 'not_found', `User ${request.params.id} not found`);
  });

  app.get<{ Querystring: { ids?: string } }>('/users', async (request, reply) => {
    const parsed = parseIdList(request.query.ids, 'ids');
    if ('error' in parsed) return sendError(reply, 400, 'bad_request', parsed.error);
    const items: User[] = [];
    for (const id of parsed.ids) {
      const user = data.users.get(id);
      if (user) items.push(user);
    }
    return { items };
  });

  return app;
}
