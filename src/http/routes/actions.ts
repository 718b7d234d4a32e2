import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { PlanAction, RecordMeasureOfAction, ReportActionProgress } from '../../domain/action/action.js';
import { today } from '../../today.js';
import { changing, creating } from '../command-routes.js';
import { ActionList, ActionQuery, ActionView, PlanQuery } from '../planning-schemas.js';
import { withRevision } from '../preconditions.js';
import { Problem, ResourceId } from '../schemas.js';

const location = (id: string) => `/v1/actions/${id}`;

/** Actions: planned activities, their progress, and the measures completed ones took. */
export const actionRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.route(
    creating(
      {
        url: '/v1/actions',
        tags: ['planning'],
        summary: 'Plan an action for recommendations and/or a cluster, carried out by an institution (ActionPlanned)',
        action: 'PlanAction',
        body: PlanAction,
      },
      (context, body) => followup.actions.plan(context, body),
      location,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/actions/:id/progress',
        tags: ['planning'],
        summary: "Report an action's progress on a day (ActionProgressReported)",
        action: 'ReportActionProgress',
        body: ReportActionProgress,
      },
      (context, id, body) => followup.actions.reportProgress(context, id, body),
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/actions/:id/measures',
        tags: ['planning'],
        summary:
          'Record the measure a completed action took on a recommendation it serves (MeasureImplemented with actionId); answers with the recommendation',
        action: 'RecordMeasureOfAction',
        body: RecordMeasureOfAction,
      },
      (context, id, body) => followup.actions.recordMeasure(context, id, body),
    ),
  );

  app.get(
    '/v1/actions',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: "A State's actions on a day, by planned start, with status and lateness then",
        querystring: ActionQuery,
        response: { 200: ActionList, 400: Problem },
      },
    },
    async (request) => {
      const { state, institution, late, asOf = today() } = request.query;
      const items = followup.readModels.plans.actionsOf(state, asOf, {
        ...(institution !== undefined && { institution }),
        ...(late !== undefined && { late: late === 'true' }),
      });
      return { items };
    },
  );

  app.get(
    '/v1/actions/:id',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: 'One action on a day: its progress reports then, its status and whether it is late',
        params: ResourceId,
        querystring: PlanQuery,
        response: { 200: ActionView, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) =>
      withRevision(
        reply,
        followup.readModels.plans.action(request.params.id, request.query.asOf ?? today()),
        `action ${request.params.id}`,
      ),
  );
};
