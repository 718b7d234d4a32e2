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
import { commandContext, replyCommand } from '../command-reply.js';
import { etag, notModified } from '../preconditions.js';
import {
  CommandAccepted,
  OverdueReportsPage,
  OverdueReportsQuery,
  Problem,
  ReadQuery,
  ReportView,
  ResourceId,
} from '../schemas.js';

const location = (id: string) => `/v1/reports/${id}`;
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/** Periodic reports: submitted, presented in a session, answered by concluding observations. */
export const reportRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.post(
    '/v1/reports',
    {
      config: { action: 'SubmitReport' },
      schema: {
        tags: ['reports'],
        summary: 'Submit a periodic report (ReportSubmitted)',
        body: SubmitReport,
        response: { 201: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await followup.reports.submit(commandContext(request), request.body), location),
  );

  app.post(
    '/v1/reports/:id/presentation',
    {
      config: { action: 'PresentReport' },
      schema: {
        tags: ['reports'],
        summary: 'Record the presentation of the report in a session (ReportPresented)',
        params: ResourceId,
        body: PresentReport,
        response: { 200: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await followup.reports.present(commandContext(request), request.params.id, request.body)),
  );

  app.post(
    '/v1/reports/:id/concluding-observations',
    {
      config: { action: 'AdoptConcludingObservations' },
      schema: {
        tags: ['reports'],
        summary: 'Record the adoption of concluding observations (ConcludingObservationsAdopted)',
        params: ResourceId,
        body: AdoptConcludingObservations,
        response: { 200: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(
        reply,
        await followup.reports.adoptConcludingObservations(commandContext(request), request.params.id, request.body),
      ),
  );

  app.post(
    '/v1/reports/:id/list-of-issues',
    {
      config: { action: 'AdoptListOfIssues' },
      schema: {
        tags: ['reports'],
        summary:
          'Record the list of issues (standard procedure) or list of issues prior to reporting (simplified) (ListOfIssuesAdopted)',
        params: ResourceId,
        body: AdoptListOfIssues,
        response: { 200: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(
        reply,
        await followup.reports.adoptListOfIssues(commandContext(request), request.params.id, request.body),
      ),
  );

  app.post(
    '/v1/reports/:id/list-of-issues-replies',
    {
      config: { action: 'ReceiveListOfIssuesReplies' },
      schema: {
        tags: ['reports'],
        summary: "Record the State's replies to the list of issues, standard procedure (ListOfIssuesRepliesReceived)",
        params: ResourceId,
        body: ReceiveListOfIssuesReplies,
        response: { 200: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(
        reply,
        await followup.reports.receiveListOfIssuesReplies(commandContext(request), request.params.id, request.body),
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
