import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { PriorityDesignation } from '../procedure/priority.js';
import { PositionSource } from '../procedure/upr-position.js';
import {
  AssessmentLevel,
  CalendarDate,
  DocumentSymbol,
  Grade,
  MandateId,
  Mechanism,
  Paragraph,
  StateCode,
  TextLanguage,
  UprCycle,
  UprPosition,
} from '../vocabulary.js';

export const Evidence = z.strictObject({
  title: z.string().trim().min(1).max(500),
  url: z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000),
});

export const RecommendationIssued = z.strictObject({
  recommendationId: z.string(),
  state: StateCode,
  mechanism: Mechanism,
  symbol: DocumentSymbol,
  paragraph: Paragraph,
  text: z.string().min(1).max(20_000),
  issuedOn: CalendarDate,
  reportId: z.string().optional(),
  themes: z.array(z.string().max(200)),
  sdgs: z.array(z.string().max(200)),
  affectedPersons: z.array(z.string().max(200)),
  /** `deadlineFrom` (absent: given): `body_default` when the body's rule set the deadline (follow-up-rules.ts). */
  followUp: z.strictObject({ deadline: CalendarDate, deadlineFrom: z.literal('body_default').optional() }).optional(),
  recommendingStates: z.array(StateCode),
  /** Added in the second round, optional: absent on older events and where empty. */
  unmappedRecommendingStates: z.array(z.string().max(200)).optional(),
  uprSession: z.number().int().min(1).max(999).optional(),
  uprCycle: UprCycle.optional(),
  mandates: z.array(MandateId).optional(),
  /** Special procedures: the country visit whose report holds it (absent otherwise). */
  visitId: z.string().optional(),
  otherStatesConcerned: z.array(StateCode).optional(),
  /** Added with urgent measures and priorities, optional: absent where the body designated none. */
  priority: PriorityDesignation.optional(),
});

export const RecommendationResponded = z.strictObject({
  recommendationId: z.string(),
  position: UprPosition,
  respondedOn: CalendarDate,
  comment: z.string().max(5000).optional(),
  /** Added with UPR positions' sources, optional: absent on older events and where not given. */
  source: PositionSource.optional(),
});

/** What kind of measure a State took; schema version 2 of MeasureImplemented added it. */
export const MEASURE_CATEGORIES = [
  'legislative',
  'policy',
  'institutional',
  'judicial',
  'budgetary',
  'awareness',
  'other',
] as const;
export const MeasureCategory = z.enum(MEASURE_CATEGORIES);

/**
 * Version 2: `category` added, optional; a version-1 measure has none. `actionId`, added with national planning,
 * optional and absent on every earlier event (so no step reads it in): the completed action the measure records,
 * named by whoever recorded it, never inferred.
 */
export const MeasureImplemented = z.strictObject({
  recommendationId: z.string(),
  title: z.string().min(1).max(500),
  institution: z.string().min(1).max(500),
  implementedOn: CalendarDate,
  description: z.string().max(20_000).optional(),
  evidence: z.array(Evidence),
  completes: z.boolean(),
  category: MeasureCategory.optional(),
  actionId: z.string().optional(),
});

/** The source now words the recommendation otherwise: the new text; the one before is in the history. */
export const RecommendationTextChanged = z.strictObject({
  recommendationId: z.string(),
  text: z.string().min(1).max(20_000),
});

/** The text translated into another of the UHRI's languages; the original stays as it is. */
export const RecommendationTextTranslated = z.strictObject({
  recommendationId: z.string(),
  language: TextLanguage,
  text: z.string().min(1).max(20_000),
});

/** The source now classifies it otherwise: the themes, SDGs and affected persons it gives now, whole. */
export const RecommendationReclassified = z.strictObject({
  recommendationId: z.string(),
  themes: z.array(z.string().max(200)),
  sdgs: z.array(z.string().max(200)),
  affectedPersons: z.array(z.string().max(200)),
});

/** More recommending States named (UPR): a recommendation listed once per recommending State, or a newer source. */
export const RecommendingStatesAdded = z.strictObject({
  recommendationId: z.string(),
  states: z.array(StateCode),
  /** Named without a code, as written. */
  unmapped: z.array(z.string().max(200)).optional(),
});

/** A State or the secretariat said, on a day, that implementation had not started. */
export const NotStartedRecorded = z.strictObject({
  recommendationId: z.string(),
  recordedOn: CalendarDate,
  note: z.string().max(5000).optional(),
});

export const FollowUpReplyReceived = z.strictObject({
  recommendationId: z.string(),
  receivedOn: CalendarDate,
  symbol: DocumentSymbol.optional(),
  summary: z.string().max(20_000).optional(),
});

/** A sub-paragraph of a recommendation, as its letter or numeral without brackets: `a`, `b`, `iii`. */
export const SubParagraph = z
  .string()
  .trim()
  .regex(/^\(?[a-z0-9]{1,6}\)?$/i, 'must be a sub-paragraph like a, (b) or iii')
  .transform((part) => part.replace(/[()]/g, '').toLowerCase());

/**
 * `part` (added with the procedures, optional): the sub-paragraph graded, absent when the whole paragraph is;
 * `symbol`: the document publishing the assessment (a follow-up progress report).
 */
export const FollowUpAssessed = z.strictObject({
  recommendationId: z.string(),
  grade: Grade,
  level: AssessmentLevel,
  assessedOn: CalendarDate,
  part: z.string().max(6).optional(),
  symbol: DocumentSymbol.optional(),
  session: z.number().int().min(1).max(999).optional(),
  comment: z.string().max(5000).optional(),
});

/** The secretariat reminded a State whose follow-up reply is late. */
export const FollowUpReminderSent = z.strictObject({
  recommendationId: z.string(),
  sentOn: CalendarDate,
  symbol: DocumentSymbol.optional(),
  note: z.string().max(5000).optional(),
});

/** The rapporteur asked the State for further information, by a day when one is named. */
export const FurtherInformationRequested = z.strictObject({
  recommendationId: z.string(),
  requestedOn: CalendarDate,
  replyBy: CalendarDate.optional(),
  symbol: DocumentSymbol.optional(),
  note: z.string().max(5000).optional(),
});

/** A UPR mid-term report of the State covered this recommendation. */
export const MidTermReportRecorded = z.strictObject({
  recommendationId: z.string(),
  symbol: DocumentSymbol,
  submittedOn: CalendarDate,
  summary: z.string().max(5000).optional(),
});

/** The committee closed the follow-up procedure on this recommendation for the cycle. */
export const FollowUpClosed = z.strictObject({
  recommendationId: z.string(),
  closedOn: CalendarDate,
  symbol: DocumentSymbol.optional(),
  note: z.string().max(5000).optional(),
});

/** The roles an institution takes for a recommendation: one lead at a time, any number supporting. */
export const RESPONSIBILITY_ROLES = ['lead', 'support'] as const;
export const ResponsibilityRole = z.enum(RESPONSIBILITY_ROLES);
export type ResponsibilityRole = z.infer<typeof ResponsibilityRole>;

/** An institution made responsible for a recommendation from a day on. */
export const ResponsibilityAssigned = z.strictObject({
  recommendationId: z.string(),
  institutionId: z.string(),
  role: ResponsibilityRole,
  assignedOn: CalendarDate,
});

/** An institution no longer responsible for a recommendation from a day on. */
export const ResponsibilityWithdrawn = z.strictObject({
  recommendationId: z.string(),
  institutionId: z.string(),
  withdrawnOn: CalendarDate,
});

export const recommendationEventSchemas = {
  RecommendationIssued,
  RecommendationResponded,
  MeasureImplemented,
  NotStartedRecorded,
  FollowUpReplyReceived,
  FollowUpAssessed,
  FollowUpReminderSent,
  FurtherInformationRequested,
  MidTermReportRecorded,
  FollowUpClosed,
  RecommendationTextChanged,
  RecommendationTextTranslated,
  RecommendationReclassified,
  RecommendingStatesAdded,
  ResponsibilityAssigned,
  ResponsibilityWithdrawn,
} as const;

export type RecommendationEvent = EventsOf<typeof recommendationEventSchemas>;
