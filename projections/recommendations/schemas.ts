/**
 * What the recommendations read model serves, defined once: each shape a zod schema, its type inferred from it. The
 * row mappers (view.ts) return these types, the routes answer them and document them in /openapi.json, and the
 * dashboard's API client takes them as types.
 */
import { z } from 'zod';
import { PriorityDesignation } from '../../src/domain/procedure/priority.js';
import { POSITION_SOURCES } from '../../src/domain/procedure/upr-position.js';
import {
  AssessmentLevel,
  Commitment,
  Grade,
  ImplementationStatus,
  Mechanism,
  TextLanguage,
  UprCycle,
  UprPosition,
} from '../../src/domain/vocabulary.js';

export const MeasureView = z.object({
  title: z.string(),
  institution: z.string(),
  implementedOn: z.string(),
  description: z.string().optional(),
  evidence: z.array(z.object({ title: z.string(), url: z.string() })),
  completes: z.boolean(),
  actionId: z.string().optional().describe('the completed action whose measure this is'),
  recordedAt: z.string().describe("when the measure was recorded (the event's instant)"),
});
export type MeasureView = z.infer<typeof MeasureView>;

/** A page of one recommendation's measures. */
export const MeasurePage = z.object({
  id: z.string(),
  measures: z.array(MeasureView),
  total: z.number().int().describe('how many measures it has in all'),
  next: z.string().nullable().describe('the cursor of the next page (?after=), null on the last'),
});
export type MeasurePage = z.infer<typeof MeasurePage>;

export const AssessmentView = z.object({
  grade: Grade,
  level: AssessmentLevel,
  assessedOn: z.string(),
  part: z.string().optional().describe('the sub-paragraph graded; absent for the whole paragraph'),
  symbol: z.string().optional().describe('the document publishing the assessment'),
  session: z.number().int().optional(),
  comment: z.string().optional(),
});
export type AssessmentView = z.infer<typeof AssessmentView>;

const FollowUpStanding = z.enum(['pending', 'overdue', 'replied', 'replied_late', 'closed']);

/** One step of the follow-up dialogue, in the order recorded. */
export const DialogueEntry = z.object({
  kind: z.enum(['reminder', 'request', 'reply', 'closure']),
  on: z.string().describe('the day it was sent, asked, received or closed'),
  symbol: z.string().optional(),
  note: z.string().optional(),
  summary: z.string().optional().describe("a reply's summary"),
  replyBy: z.string().optional().describe("a request's day the further information is due"),
  recordedAt: z.string(),
});
export type DialogueEntry = z.infer<typeof DialogueEntry>;

/** The follow-up of a recommendation selected for it, judged on a day. */
export const FollowUpView = z.object({
  deadline: z.string(),
  deadlineFrom: z.enum(['given', 'body_default']).describe("given by the committee, or the body's default rule"),
  replied: z.boolean().describe('whether any reply was recorded (not judged on the day; `standing` is)'),
  overdue: z.boolean(),
  standing: FollowUpStanding,
  repliedOn: z.string().optional().describe('the day the first reply came; after the deadline it was late'),
  closedOn: z.string().optional(),
  dialogue: z
    .array(DialogueEntry)
    .describe('reminders, requests for further information, replies and the closure, in the order recorded'),
});
export type FollowUpView = z.infer<typeof FollowUpView>;

/** A UPR mid-term report that covered a recommendation. */
export const MidTermReportView = z.object({
  symbol: z.string(),
  submittedOn: z.string(),
  summary: z.string().optional().describe('what it says of this recommendation'),
  recordedAt: z.string(),
});
export type MidTermReportView = z.infer<typeof MidTermReportView>;

/** An institution responsible for a recommendation now. */
export const ResponsibilityInForce = z.object({
  institutionId: z.string(),
  role: z.enum(['lead', 'support']),
  assignedOn: z.string(),
});
export type ResponsibilityInForce = z.infer<typeof ResponsibilityInForce>;

/** A recommendation as `GET /v1/recommendations/{id}` serves it; absent optional parts are omitted. */
export const RecommendationView = z.object({
  id: z.string(),
  state: z.string(),
  mechanism: Mechanism,
  symbol: z.string(),
  paragraph: z.string(),
  text: z.string().describe('in the language asked for (?lang=, Accept-Language) where translated, else the original'),
  language: TextLanguage.describe('the language of `text`; also the Content-Language of a single recommendation'),
  languages: z.array(TextLanguage).describe('the languages the text can be read in: en (the original) first'),
  issuedOn: z.string(),
  reportId: z.string().optional(),
  themes: z.array(z.string()),
  sdgs: z.array(z.string()),
  affectedPersons: z.array(z.string()),
  recommendingStates: z.array(z.string()),
  unmappedRecommendingStates: z
    .array(z.string())
    .optional()
    .describe('UPR: recommending States a source named without a code, as written'),
  uprSession: z.number().int().optional().describe('UPR: the Working Group session'),
  uprCycle: UprCycle.optional().describe('UPR: the cycle (1–4)'),
  priority: PriorityDesignation.optional().describe("the body's designation: urgent_measures (CRC) or priority"),
  midTermReports: z
    .array(MidTermReportView)
    .optional()
    .describe('UPR: the mid-term reports that covered it, in the order recorded; absent when none'),
  mandates: z.array(z.string()).optional().describe('special procedures: the mandates that made it'),
  otherStatesConcerned: z.array(z.string()).optional().describe('the other States the same paragraph concerns'),
  status: ImplementationStatus.describe(
    'no_information until anything is recorded; not_started once a State or the secretariat said so',
  ),
  notStarted: z
    .object({ recordedOn: z.string(), note: z.string().optional() })
    .optional()
    .describe('the latest statement that implementation had not started'),
  commitment: Commitment.describe(
    'accepted (treaty bodies, supported UPR), supported_in_part, noted, pending (UPR, no position), special_procedure',
  ),
  response: z
    .object({
      position: UprPosition,
      respondedOn: z.string(),
      comment: z.string().optional(),
      source: z
        .object({ document: z.enum(POSITION_SOURCES), symbol: z.string().optional() })
        .optional()
        .describe("where the position was given: the Working Group's report, the addendum, the Council's adoption"),
    })
    .optional(),
  measures: z.array(MeasureView).describe('the first 50 measures, in the order recorded'),
  moreMeasures: z
    .object({
      total: z.number().int().describe('how many measures it has in all'),
      next: z.string().describe('GET this for the measures after those inlined'),
    })
    .optional()
    .describe('only when it has more measures than inlined'),
  followUp: FollowUpView.nullable().describe(
    'null when not selected for follow-up; overdue and standing are judged on the day of the request',
  ),
  assessment: AssessmentView.nullable().describe(
    'the current grade: of the latest day, the least satisfactory of its sub-paragraphs (docs/domain-rules.md)',
  ),
  assessments: z.array(AssessmentView).describe('every grade given, per sub-paragraph too, in the order recorded'),
  leadInstitution: z.string().optional().describe('id of the lead institution now, if any'),
  responsibilities: z
    .array(ResponsibilityInForce)
    .optional()
    .describe('the institutions responsible now, lead and supporting; absent when none'),
  revision: z.number().int().describe("revision of the recommendation stream's last event"),
});
export type RecommendationView = z.infer<typeof RecommendationView>;

const Facet = z.array(z.object({ value: z.string(), count: z.number().int() }));

/** A page of the list, or of a search (`q`): then each item says how it matched, and the facets come along. */
export const RecommendationPage = z.object({
  items: z.array(
    RecommendationView.extend({
      match: z
        .object({
          score: z.number().describe('bm25, lower is better: the order of the answer'),
          snippet: z.string().describe('the words around the best match, HTML-escaped, matches in <mark>…</mark>'),
        })
        .optional()
        .describe('with q only'),
    }),
  ),
  next: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  facets: z
    .object({
      total: z.number().int().describe('recommendations found, every page'),
      counted: z
        .number()
        .int()
        .describe('the best-ranked hits the counts are over: total, or 1,000 when more were found'),
      mechanism: Facet,
      state: Facet,
      theme: Facet,
      year: Facet.describe('the year issued'),
    })
    .nullable()
    .optional()
    .describe(
      'with q only, on the first page (null on the pages after it): counts by field of the best-ranked hits (every one, up to 1,000), the filters applied; most first',
    ),
});
export type RecommendationPage = z.infer<typeof RecommendationPage>;
