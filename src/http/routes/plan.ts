import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { today } from '../../today.js';
import { PlanQuery, PlanView } from '../planning-schemas.js';
import { etag } from '../preconditions.js';
import { Problem, StateParam } from '../schemas.js';

/** A State's plan: per cluster and per institution, recommendations, actions and indicators on a day. */
export const planRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.get(
    '/v1/states/:state/plan',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary:
          "A State's plan on a day: per cluster and institution, recommendations by status, actions by status (late ones named), indicators by track",
        params: StateParam,
        querystring: PlanQuery,
        response: { 200: PlanView, 400: Problem },
      },
    },
    async (request, reply) => {
      const plan = followup.readModels.plans.plan(request.params.state, request.query.asOf ?? today());
      reply.header('etag', etag(plan.position));
      return plan;
    },
  );
};
