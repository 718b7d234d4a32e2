import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { itemsWithin } from '../../../projections/page-bytes.js';
import type { Followup } from '../../app/followup.js';
import { eventView, readableBy } from '../../app/queries/events.js';
import type { HeavyQueries } from '../heavy-queries.js';
import { LogQuery, MinPosition, Problem } from '../schemas.js';

const EventsQuery = LogQuery.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  minPosition: MinPosition,
});

const EventView = z.object({
  position: z.string(),
  stream: z.string(),
  revision: z.number().int(),
  type: z.string(),
  recordedAt: z.string(),
  data: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
});

const ndjson = (request: FastifyRequest) => request.headers.accept?.includes('application/x-ndjson') ?? false;

/** The log itself, in global order: for analysts, exports and integrations. */
/** The routes of the log; a page stops before its JSON passes `pageBytes`. */
export const eventRoutes: FastifyPluginAsyncZod<{
  followup: Followup;
  heavy: HeavyQueries;
  pageBytes: number;
}> = async (app, { followup, heavy, pageBytes }) => {
  app.get(
    '/v1/events',
    {
      // An NDJSON answer streams to the log's end as it grows: not cached.
      config: {
        read: true,
        cache: { follows: () => followup.store.headPosition(), day: false, when: (r) => !ndjson(r) },
      },
      schema: {
        tags: ['events'],
        summary: 'Events after a position; with Accept: application/x-ndjson, every event to the end, one per line',
        querystring: EventsQuery,
        response: {
          200: z.object({ events: z.array(EventView), next: z.string().nullable() }),
          400: Problem,
          503: Problem,
        },
      },
    },
    async (request, reply) => {
      const { after, limit, type, stream } = request.query;
      const filter = readableBy(request.principal, { type, stream });
      if (ndjson(request)) {
        // The whole log is a heavy query: it holds a place until its answer is sent or cut off.
        const leave = heavy.enter('an export of the log');
        reply.raw.once('close', leave);
        const lines = async function* () {
          try {
            for await (const event of followup.store.readAll({ ...(after ? { after } : {}), filter })) {
              yield `${JSON.stringify(eventView(event))}\n`;
            }
          } finally {
            leave();
          }
        };
        return reply.type('application/x-ndjson').send(Readable.from(lines()) as never);
      }
      const read = [];
      for await (const event of followup.store.readAll({ ...(after ? { after } : {}), limit, filter })) {
        read.push(eventView(event));
      }
      const served = itemsWithin(read, pageBytes);
      const events = read.slice(0, served);
      const last = events.at(-1);
      return { events, next: (served < read.length || read.length === limit) && last ? last.position : null };
    },
  );
};
