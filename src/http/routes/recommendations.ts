import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
import { ORIGINAL_LANGUAGE } from '../../domain/vocabulary.js';
import { today } from '../../today.js';
import { changing, creating } from '../command-routes.js';
import type { HeavyQueries } from '../heavy-queries.js';
import { etag, notModified } from '../preconditions.js';
import {
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

/** The routes of recommendations; every page stops before its JSON passes `pageBytes`. */
export const recommendationRoutes: FastifyPluginAsyncZod<{
  followup: Followup;
  heavy: HeavyQueries;
  pageBytes: number;
}> = async (app, { followup, heavy, pageBytes }) => {
  const tags = ['recommendations'];
  /** A read of what the log holds (measures, history): its tag moves with the log's head, not with the day. */
  const readFromTheLog = { read: true, cache: { follows: () => followup.store.headPosition(), day: false } };
  const commands = followup.recommendations;
  app.route(
    creating(
      {
        url: '/v1/recommendations',
        tags,
        summary: 'Issue a recommendation (RecommendationIssued)',
        action: 'IssueRecommendation',
        body: IssueRecommendation,
      },
      (context, body) => commands.issue(context, body),
      location,
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/responses',
        tags,
        summary: 'Respond to a UPR recommendation (RecommendationResponded)',
        action: 'RespondToRecommendation',
        body: RespondToRecommendation,
      },
      (context, id, body) => commands.respond(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/measures',
        tags,
        summary: 'Record a measure the State implemented (MeasureImplemented)',
        action: 'RecordMeasure',
        body: RecordMeasure,
      },
      (context, id, body) => commands.recordMeasure(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/not-started',
        tags,
        summary: 'Record that implementation has not started, on a day, with a note (NotStartedRecorded)',
        action: 'RecordNotStarted',
        body: RecordNotStarted,
      },
      (context, id, body) => commands.recordNotStarted(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/follow-up-replies',
        tags,
        summary: "Record the State's follow-up reply (FollowUpReplyReceived)",
        action: 'ReceiveFollowUpReply',
        body: ReceiveFollowUpReply,
      },
      (context, id, body) => commands.receiveFollowUpReply(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/assessments',
        tags,
        summary: "Grade the follow-up on the body's scale, the whole paragraph or one sub-paragraph (FollowUpAssessed)",
        action: 'AssessFollowUp',
        body: AssessFollowUp,
      },
      (context, id, body) => commands.assessFollowUp(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/follow-up-reminders',
        tags,
        summary: 'Record a reminder sent to a State whose follow-up reply is late (FollowUpReminderSent)',
        action: 'SendFollowUpReminder',
        body: SendFollowUpReminder,
      },
      (context, id, body) => commands.sendFollowUpReminder(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/further-information-requests',
        tags,
        summary: 'Record a request to the State for further information (FurtherInformationRequested)',
        action: 'RequestFurtherInformation',
        body: RequestFurtherInformation,
      },
      (context, id, body) => commands.requestFurtherInformation(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/mid-term-reports',
        tags,
        summary: 'Record a UPR mid-term report covering the recommendation (MidTermReportRecorded)',
        action: 'RecordMidTermReport',
        body: RecordMidTermReport,
      },
      (context, id, body) => commands.recordMidTermReport(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/follow-up-closure',
        tags,
        summary: 'Close the follow-up procedure on the recommendation (FollowUpClosed)',
        action: 'CloseFollowUp',
        body: CloseFollowUp,
      },
      (context, id, body) => commands.closeFollowUp(context, id, body),
    ),
  );
  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/translations',
        tags,
        summary:
          "Record the text in another of the UHRI's languages, beside the original (RecommendationTextTranslated)",
        action: 'TranslateRecommendationText',
        body: TranslateRecommendationText,
      },
      (context, id, body) => commands.translateText(context, id, body),
    ),
  );

  app.get(
    '/v1/recommendations/:id',
    {
      config: { read: true, cache: { own: true } },
      schema: {
        tags,
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
      config: readFromTheLog,
      schema: {
        tags,
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
      config: readFromTheLog,
      schema: {
        tags,
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
        tags,
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
