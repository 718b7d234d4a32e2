import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { NotFound } from '../../domain/errors.js';
import { AdoptConcludingObservations, PresentReport, SubmitReport } from '../../domain/report/commands.js';
import { commandContext, replyCommand } from '../command-reply.js';
import { etag, notModified } from '../preconditions.js';
import { CommandAccepted, Problem, ReadQuery, ReportView, ResourceId } from '../schemas.js';

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
