import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Followup } from '../../app/followup.js';
import { RecommendationHistory } from '../../app/queries/history.js';
import { NotFound } from '../../domain/errors.js';
import {
  AssessFollowUp,
  CloseFollowUp,
  IssueRecommendation,
  ReceiveFollowUpReply,
  RecordMeasure,
  RecordMidTermReport,
  RecordNotStarted,
  RequestFurtherInformation,
  RespondToRecommendation,
  SendFollowUpReminder,
  TranslateRecommendationText,
} from '../../domain/recommendation/commands.js';
import { overdueMayChange } from '../../domain/recommendation/status.js';
import type { Action } from '../../domain/token/permissions.js';
import { ORIGINAL_LANGUAGE } from '../../domain/vocabulary.js';
import { today } from '../../today.js';
import { commandContext, replyCommand } from '../command-reply.js';
import type { HeavyQueries } from '../heavy-queries.js';
import { etag, notModified } from '../preconditions.js';
import {
  CommandAccepted,
  HistoryQuery,
  LangParam,
  MeasurePage,
  MeasurePageQuery,
  Problem,
  ReadQuery,
  RecommendationPage,
  RecommendationQuery,
  RecommendationView,
  ResourceId,
} from '../schemas.js';
import { preferredLanguages } from '../text-language.js';

const location = (id: string) => `/v1/recommendations/${id}`;
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };

/** The routes of recommendations; every page stops before its JSON passes `pageBytes`. */
export const recommendationRoutes: FastifyPluginAsyncZod<{
  followup: Followup;
  heavy: HeavyQueries;
  pageBytes: number;
}> = async (app, { followup, heavy, pageBytes }) => {
  app.post(
    '/v1/recommendations',
    {
      config: { action: 'IssueRecommendation' },
      schema: {
        tags: ['recommendations'],
        summary: 'Issue a recommendation (RecommendationIssued)',
        body: IssueRecommendation,
        response: { 201: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await followup.recommendations.issue(commandContext(request), request.body), location),
  );

  /**
   * The route options of a command on an issued recommendation. Each route's handler is written beside it, so that
   * the type provider gives it the body its own schema parsed.
   */
  const step = <Body extends z.ZodType>(action: Action, body: Body, summary: string) => ({
    config: { action },
    schema: {
      tags: ['recommendations'],
      summary,
      params: ResourceId,
      body,
      response: { 200: CommandAccepted, ...errors },
    },
  });
  const commands = followup.recommendations;
  app.post(
    '/v1/recommendations/:id/responses',
    step(
      'RespondToRecommendation',
      RespondToRecommendation,
      'Respond to a UPR recommendation (RecommendationResponded)',
    ),
    async (request, reply) =>
      replyCommand(reply, await commands.respond(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/measures',
    step('RecordMeasure', RecordMeasure, 'Record a measure the State implemented (MeasureImplemented)'),
    async (request, reply) =>
      replyCommand(reply, await commands.recordMeasure(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/not-started',
    step(
      'RecordNotStarted',
      RecordNotStarted,
      'Record that implementation has not started, on a day, with a note (NotStartedRecorded)',
    ),
    async (request, reply) =>
      replyCommand(reply, await commands.recordNotStarted(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/follow-up-replies',
    step('ReceiveFollowUpReply', ReceiveFollowUpReply, "Record the State's follow-up reply (FollowUpReplyReceived)"),
    async (request, reply) =>
      replyCommand(
        reply,
        await commands.receiveFollowUpReply(commandContext(request), request.params.id, request.body),
      ),
  );
  app.post(
    '/v1/recommendations/:id/assessments',
    step(
      'AssessFollowUp',
      AssessFollowUp,
      "Grade the follow-up on the body's scale, the whole paragraph or one sub-paragraph (FollowUpAssessed)",
    ),
    async (request, reply) =>
      replyCommand(reply, await commands.assessFollowUp(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/follow-up-reminders',
    step(
      'SendFollowUpReminder',
      SendFollowUpReminder,
      'Record a reminder sent to a State whose follow-up reply is late (FollowUpReminderSent)',
    ),
    async (request, reply) =>
      replyCommand(
        reply,
        await commands.sendFollowUpReminder(commandContext(request), request.params.id, request.body),
      ),
  );
  app.post(
    '/v1/recommendations/:id/further-information-requests',
    step(
      'RequestFurtherInformation',
      RequestFurtherInformation,
      'Record a request to the State for further information (FurtherInformationRequested)',
    ),
    async (request, reply) =>
      replyCommand(
        reply,
        await commands.requestFurtherInformation(commandContext(request), request.params.id, request.body),
      ),
  );
  app.post(
    '/v1/recommendations/:id/mid-term-reports',
    step(
      'RecordMidTermReport',
      RecordMidTermReport,
      'Record a UPR mid-term report covering the recommendation (MidTermReportRecorded)',
    ),
    async (request, reply) =>
      replyCommand(reply, await commands.recordMidTermReport(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/follow-up-closure',
    step('CloseFollowUp', CloseFollowUp, 'Close the follow-up procedure on the recommendation (FollowUpClosed)'),
    async (request, reply) =>
      replyCommand(reply, await commands.closeFollowUp(commandContext(request), request.params.id, request.body)),
  );
  app.post(
    '/v1/recommendations/:id/translations',
    step(
      'TranslateRecommendationText',
      TranslateRecommendationText,
      "Record the text in another of the UHRI's languages, beside the original (RecommendationTextTranslated)",
    ),
    async (request, reply) =>
      replyCommand(reply, await commands.translateText(commandContext(request), request.params.id, request.body)),
  );

  app.get(
    '/v1/recommendations/:id',
    {
      config: { read: true, cache: { own: true } },
      schema: {
        tags: ['recommendations'],
        summary:
          'One recommendation with its status, measures, follow-up and assessment; its text in the language asked for',
        description:
          'The text is in the first language of `?lang=` or Accept-Language that it has (en, the original; fr; es), ' +
          'else the original; Content-Language and `language` say which.',
        params: ResourceId,
        querystring: ReadQuery.extend({ lang: LangParam }),
        response: { 200: RecommendationView, 400: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const day = today();
      const languages = preferredLanguages(request, reply, request.query.lang);
      const recommendation = followup.readModels.getRecommendation(request.params.id, day, languages);
      if (!recommendation) throw new NotFound(`recommendation ${request.params.id} does not exist`);
      reply.header('content-language', recommendation.language);
      // Its overdue is judged on today: the day joins the revision in the tag while overdue may still move; a
      // translation served names its language, so that one language's tag never revalidates another's answer.
      const { followUp } = recommendation;
      const tag = etag(
        recommendation.revision,
        followUp && overdueMayChange(followUp, day) ? day : undefined,
        recommendation.language === ORIGINAL_LANGUAGE ? undefined : recommendation.language,
      );
      if (notModified(request, reply, tag)) return reply;
      return recommendation;
    },
  );

  app.get(
    '/v1/recommendations/:id/measures',
    {
      config: { read: true, cache: { follows: () => followup.store.headPosition(), day: false } },
      schema: {
        tags: ['recommendations'],
        summary: "A recommendation's measures, a page at a time, in the order recorded (the view inlines the first 50)",
        params: ResourceId,
        querystring: MeasurePageQuery,
        response: { 200: MeasurePage, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const { after, limit } = request.query;
      const page = followup.readModels.measuresPage(request.params.id, after, limit, pageBytes);
      if (!page) throw new NotFound(`recommendation ${request.params.id} does not exist`);
      return page;
    },
  );

  app.get(
    '/v1/recommendations/:id/history',
    {
      config: { read: true, cache: { follows: () => followup.store.headPosition(), day: false } },
      schema: {
        tags: ['recommendations'],
        summary: 'The audit trail: every event of the recommendation, read from the log, with the status after it',
        params: ResourceId,
        querystring: HistoryQuery,
        response: {
          200: RecommendationHistory,
          404: Problem,
          503: Problem,
        },
      },
    },
    async (request) => {
      // Read from the log, the status at its start from the read models (folded where they are behind), its chain
      // checked: a heavy query.
      const leave = heavy.enter(`the history of ${request.params.id}`);
      const { after, limit } = request.query;
      const history = await followup.history(request.params.id, { after, limit, pageBytes }).finally(leave);
      if (!history) throw new NotFound(`recommendation ${request.params.id} does not exist`);
      return history;
    },
  );

  app.get(
    '/v1/recommendations',
    {
      // A page is kept serialised (snippets and facets included) until a recommendation (its row, its words searched)
      // or the day changes: it reads nothing else.
      config: {
        read: true,
        cache: {
          follows: () => followup.readModels.changes.recommendationsChanged(),
          day: true,
          varies: (request) => request.headers['accept-language'],
          keep: true,
        },
      },
      schema: {
        tags: ['recommendations'],
        summary:
          'Recommendations by filter, in a stable order, a page at a time; with q, a full-text search, best first',
        querystring: RecommendationQuery,
        response: { 200: RecommendationPage, 400: Problem },
      },
    },
    async (request, reply) => {
      const { overdue, minPosition: _, lang, q, ...filter } = request.query;
      const asked = {
        ...filter,
        languages: preferredLanguages(request, reply, lang),
        ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}),
        today: today(),
        pageBytes,
      };
      const page =
        q === undefined
          ? followup.readModels.listRecommendations(asked)
          : followup.readModels.searchRecommendations({ ...asked, q });
      return page;
    },
  );
};
