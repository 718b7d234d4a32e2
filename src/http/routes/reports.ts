import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { NotFound } from '../../domain/errors.js';
import {
  AdoptConcludingObservations,
  AdoptListOfIssues,
  PresentReport,
  ReceiveListOfIssuesReplies,
  SubmitReport,
} from '../../domain/report/commands.js';
import { today } from '../../today.js';
import { changing, creating } from '../command-routes.js';
import { etag, notModified } from '../preconditions.js';
import { OverdueReportsPage, OverdueReportsQuery, Problem, ReadQuery, ReportView, ResourceId } from '../schemas.js';

const location = (id: string) => `/v1/reports/${id}`;

/** Periodic reports: submitted, presented in a session, answered by concluding observations. */
export const reportRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.route(
    creating(
      {
        url: '/v1/reports',
        tags: ['reports'],
        summary: 'Submit a periodic report (ReportSubmitted)',
        action: 'SubmitReport',
        body: SubmitReport,
      },
      (context, body) => followup.reports.submit(context, body),
      location,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/reports/:id/presentation',
        tags: ['reports'],
        summary: 'Record the presentation of the report in a session (ReportPresented)',
        action: 'PresentReport',
        body: PresentReport,
      },
      (context, id, body) => followup.reports.present(context, id, body),
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/reports/:id/concluding-observations',
        tags: ['reports'],
        summary: 'Record the adoption of concluding observations (ConcludingObservationsAdopted)',
        action: 'AdoptConcludingObservations',
        body: AdoptConcludingObservations,
      },
      (context, id, body) => followup.reports.adoptConcludingObservations(context, id, body),
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/reports/:id/list-of-issues',
        tags: ['reports'],
        summary:
          'Record the list of issues (standard procedure) or list of issues prior to reporting (simplified) (ListOfIssuesAdopted)',
        action: 'AdoptListOfIssues',
        body: AdoptListOfIssues,
      },
      (context, id, body) => followup.reports.adoptListOfIssues(context, id, body),
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/reports/:id/list-of-issues-replies',
        tags: ['reports'],
        summary: "Record the State's replies to the list of issues, standard procedure (ListOfIssuesRepliesReceived)",
        action: 'ReceiveListOfIssuesReplies',
        body: ReceiveListOfIssuesReplies,
      },
      (context, id, body) => followup.reports.receiveListOfIssuesReplies(context, id, body),
    ),
  );

  app.get(
    '/v1/reports/overdue',
    {
      config: { read: true },
      schema: {
        tags: ['reports'],
        summary:
          'Next periodic reports overdue on a day (default today) across States: the due day set by the last concluding observations passed, no later report submitted',
        querystring: OverdueReportsQuery,
        response: { 200: OverdueReportsPage, 400: Problem },
      },
    },
    async (request) => {
      const { asOf = today(), state, mechanism, limit, cursor } = request.query;
      return followup.readModels.reportingCycle.overdue(
        { asOf, state, mechanism, limit, cursor },
        followup.readModels.currentPosition(),
      );
    },
  );

  app.get(
    '/v1/reports/:id',
    {
      config: { read: true, cache: { own: true } },
      schema: {
        tags: ['reports'],
        summary: 'One report, with the ids of the recommendations issued on it',
        params: ResourceId,
        querystring: ReadQuery,
        response: { 200: ReportView, 404: Problem },
      },
    },
    async (request, reply) => {
      const report = followup.readModels.getReport(request.params.id);
      if (!report) throw new NotFound(`report ${request.params.id} does not exist`);
      if (notModified(request, reply, etag(report.revision))) return reply;
      return report;
    },
  );
};
