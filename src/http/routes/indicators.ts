import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { DefineIndicator, RecordIndicatorValue } from '../../domain/indicator/indicator.js';
import { today } from '../../today.js';
import { changing, creating } from '../command-routes.js';
import { IndicatorList, IndicatorView, PlanQuery, StatePlanQuery } from '../planning-schemas.js';
import { withRevision } from '../preconditions.js';
import { Problem, ResourceId } from '../schemas.js';

const location = (id: string) => `/v1/indicators/${id}`;

/** Indicators: a baseline, a target by a date, values over time. */
export const indicatorRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.route(
    creating(
      {
        url: '/v1/indicators',
        tags: ['planning'],
        summary: 'Define an indicator with its baseline and target, measuring recommendations (IndicatorDefined)',
        action: 'DefineIndicator',
        body: DefineIndicator,
      },
      (context, body) => followup.indicators.define(context, body),
      location,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/indicators/:id/values',
        tags: ['planning'],
        summary: 'Record a value of an indicator on a day, with its source (IndicatorValueRecorded)',
        action: 'RecordIndicatorValue',
        body: RecordIndicatorValue,
      },
      (context, id, body) => followup.indicators.recordValue(context, id, body),
    ),
  );

  app.get(
    '/v1/indicators',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: "A State's indicators on a day: series, progress from baseline to target, track",
        querystring: StatePlanQuery,
        response: { 200: IndicatorList, 400: Problem },
      },
    },
    async (request) => {
      const { state, asOf = today() } = request.query;
      const items = followup.readModels.plans.indicatorsOf(state, asOf);
      return { items };
    },
  );

  app.get(
    '/v1/indicators/:id',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: 'One indicator on a day: its series, its progress from baseline to target, on or off track',
        params: ResourceId,
        querystring: PlanQuery,
        response: { 200: IndicatorView, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) =>
      withRevision(
        reply,
        followup.readModels.plans.indicator(request.params.id, request.query.asOf ?? today()),
        `indicator ${request.params.id}`,
      ),
  );
};
