import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { NotFound } from '../../domain/errors.js';
import { mandateById, THEMATIC_MANDATES } from '../../domain/mandates.js';
import { ReceiveCommunicationReply, SendCommunication } from '../../domain/special-procedure/communication.js';
import { PublishVisitReport, RecordCountryVisit } from '../../domain/special-procedure/visit.js';
import { today } from '../../today.js';
import { changing, creating } from '../command-routes.js';
import { etag, withRevision } from '../preconditions.js';
import { Problem, ReadQuery, ResourceId } from '../schemas.js';
import {
  CommunicationList,
  CommunicationOneQuery,
  CommunicationQuery,
  CommunicationView,
  MandateList,
  MandateParam,
  MandateView,
  VisitList,
  VisitQuery,
  VisitView,
} from '../special-procedure-schemas.js';

const tags = ['special procedures'];

/** The special procedures: their mandates, country visits with their reports, communications and the replies. */
export const specialProcedureRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  const queries = followup.readModels.specialProcedures;

  app.get(
    '/v1/mandates',
    {
      config: { read: true, cache: { day: false } },
      schema: {
        tags,
        summary: "The special procedures' thematic mandates (a country mandate is country-<state>)",
        querystring: ReadQuery,
        response: { 200: MandateList, 400: Problem },
      },
    },
    async () => ({ items: THEMATIC_MANDATES.map(({ id, kind, title }) => ({ id, kind, title })) }),
  );

  app.get(
    '/v1/mandates/:id',
    {
      config: { read: true, cache: { day: false } },
      schema: {
        tags,
        summary: 'One mandate, thematic or of a country (country-blr)',
        params: MandateParam,
        querystring: ReadQuery,
        response: { 200: MandateView, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const mandate = mandateById(request.params.id);
      if (!mandate) throw new NotFound(`${request.params.id} is not a mandate of the special procedures`);
      return mandate;
    },
  );

  app.route(
    creating(
      {
        url: '/v1/visits',
        tags,
        summary: 'Record a country visit of a mandate, with its report when published (CountryVisitRecorded)',
        action: 'RecordCountryVisit',
        body: RecordCountryVisit,
      },
      (context, body) => followup.visits.record(context, body),
      (id) => `/v1/visits/${id}`,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/visits/:id/report',
        tags,
        summary: "Record a visit's report: its symbol and the day it was published (VisitReportPublished)",
        action: 'PublishVisitReport',
        body: PublishVisitReport,
      },
      (context, id, body) => followup.visits.publishReport(context, id, body),
    ),
  );

  app.get(
    '/v1/visits',
    {
      config: { read: true, cache: { day: false } },
      schema: {
        tags,
        summary: 'Country visits, the latest first, by State and mandate',
        querystring: VisitQuery,
        response: { 200: VisitList, 400: Problem },
      },
    },
    async (request) => {
      const { state, mandate, limit, cursor } = request.query;
      return queries.visits({
        limit,
        ...(state !== undefined && { state }),
        ...(mandate !== undefined && { mandate }),
        ...(cursor !== undefined && { cursor }),
      });
    },
  );

  app.get(
    '/v1/visits/:id',
    {
      config: { read: true, cache: { day: false } },
      schema: {
        tags,
        summary: 'One country visit, its report and the recommendations issued from it',
        params: ResourceId,
        querystring: ReadQuery,
        response: { 200: VisitView, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => withRevision(reply, queries.visit(request.params.id), `visit ${request.params.id}`),
  );

  app.route(
    creating(
      {
        url: '/v1/communications',
        tags,
        summary:
          'Record a communication sent to a State: allegation letter, urgent appeal or other letter; its reply is due 60 days later unless a day is given (CommunicationSent)',
        action: 'SendCommunication',
        body: SendCommunication,
      },
      (context, body) => followup.communications.send(context, body),
      (id) => `/v1/communications/${id}`,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/communications/:id/replies',
        tags,
        summary:
          "Record the State's reply to a communication (CommunicationReplyReceived); one after the due day is late",
        action: 'ReceiveCommunicationReply',
        body: ReceiveCommunicationReply,
      },
      (context, id, body) => followup.communications.receiveReply(context, id, body),
    ),
  );

  app.get(
    '/v1/communications',
    {
      config: { read: true },
      schema: {
        tags,
        summary:
          'Communications sent on or before a day, the reply due first first, with where each reply stands then (pending, overdue, replied, replied_late)',
        querystring: CommunicationQuery,
        response: { 200: CommunicationList, 400: Problem },
      },
    },
    async (request) => {
      const { state, mandate, kind, standing, asOf = today(), limit, cursor } = request.query;
      return queries.communications({
        asOf,
        limit,
        ...(state !== undefined && { state }),
        ...(mandate !== undefined && { mandate }),
        ...(kind !== undefined && { kind }),
        ...(standing !== undefined && { standing }),
        ...(cursor !== undefined && { cursor }),
      });
    },
  );

  app.get(
    '/v1/communications/:id',
    {
      config: { read: true },
      schema: {
        tags,
        summary: 'One communication on a day: the replies received by then and where the reply stands',
        params: ResourceId,
        querystring: CommunicationOneQuery,
        response: { 200: CommunicationView, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const asOf = request.query.asOf ?? today();
      const communication = queries.communication(id, asOf);
      if (!communication) {
        throw new NotFound(
          queries.communicationExists(id)
            ? `communication ${id} was not yet sent on ${asOf}`
            : `communication ${id} does not exist`,
        );
      }
      reply.header('etag', etag(communication.revision));
      return communication;
    },
  );
};
