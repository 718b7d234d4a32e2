import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { settled, stateStatus, statusPosition } from '../../app/queries/state-status.js';
import { today } from '../../today.js';
import { etag } from '../preconditions.js';
import {
  Problem,
  ReadQuery,
  ReportingCalendar,
  ReportingCalendarQuery,
  StateParam,
  StateStatus,
  StateStatusQuery,
  StatesOverview,
} from '../schemas.js';

type StatusQuery = z.infer<typeof StateStatusQuery>;

/** Each State's implementation status, now or on any past day. */
export const stateRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  /**
   * The contract's tag of a status, its position: the last event that concerns the State (computed before the status,
   * so it never runs ahead of it), with the day when `asOf` is today by default (overdue moves with it).
   */
  const statusTag = (request: FastifyRequest) => {
    const { asOf, recordedBefore } = request.query as StatusQuery;
    const { state } = request.params as { state: string };
    return etag(statusPosition(followup.readModels, state, recordedBefore), asOf === undefined ? today() : undefined);
  };
  app.get(
    '/v1/states',
    {
      // Current statuses, counted without a day; every State's, so kept serialised until the log moves.
      config: { read: true, cache: { day: false, keep: true } },
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
      config: {
        read: true,
        // The status is kept serialised per State and query until an event about the State (or the day) moves it.
        cache: { tag: statusTag, lasting: (request) => settled(request.query as StatusQuery), keep: true },
      },
      schema: {
        tags: ['states'],
        summary: 'The implementation status of one State on a day (default today); zeros for a State without data',
        params: StateParam,
        querystring: StateStatusQuery,
        response: { 200: StateStatus, 400: Problem },
      },
    },
    async (request) => {
      const { asOf = today(), recordedBefore } = request.query;
      return stateStatus(followup.readModels, request.params.state, asOf, recordedBefore);
    },
  );

  app.get(
    '/v1/states/:state/reporting',
    {
      config: { read: true },
      schema: {
        tags: ['states'],
        summary:
          "A State's reporting calendar on a day (default today): each report's list of issues, replies, dialogue, observations, and where its next report stands",
        params: StateParam,
        querystring: ReportingCalendarQuery,
        response: { 200: ReportingCalendar, 400: Problem },
      },
    },
    async (request) => followup.readModels.reportingCalendar(request.params.state, request.query.asOf ?? today()),
  );
};
