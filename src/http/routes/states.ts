import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { stateStatus } from '../../app/queries/state-status.js';
import { today } from '../../today.js';
import { etag, notModified } from '../preconditions.js';
import { Problem, ReadQuery, StateParam, StateStatus, StateStatusQuery, StatesOverview } from '../schemas.js';

/** Each State's implementation status, now or on any past day. */
export const stateRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.get(
    '/v1/states',
    {
      config: { read: true },
      schema: {
        tags: ['states'],
        summary: 'Every State with data: its recommendations and their current status',
        querystring: ReadQuery,
        response: { 200: StatesOverview },
      },
    },
    async () => followup.readModels.statesOverview(),
  );

  app.get(
    '/v1/states/:state/status',
    {
      config: { read: true },
      schema: {
        tags: ['states'],
        summary: 'The implementation status of one State on a day (default today); zeros for a State without data',
        params: StateParam,
        querystring: StateStatusQuery,
        response: { 200: StateStatus, 400: Problem },
      },
    },
    async (request, reply) => {
      const { asOf = today(), recordedBefore } = request.query;
      const status = stateStatus(followup.readModels, request.params.state, asOf, recordedBefore);
      if (notModified(request, reply, etag(status.position))) return reply;
      return status as z.infer<typeof StateStatus>;
    },
  );
};
