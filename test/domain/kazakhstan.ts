/**
 * The founding case (scripts/demo/founding-case.ts) as the domain sees it: the commands that record the report and
 * paragraph 10 of the concluding observations, and the events the deciders answer with.
 */
import * as kaz from '../../scripts/demo/founding-case.js';
import type { RecommendationCommand } from '../../src/domain/recommendation/commands.js';
import type { RecommendationEvent } from '../../src/domain/recommendation/events.js';
import type { ReportCommand } from '../../src/domain/report/commands.js';
import type { ReportEvent } from '../../src/domain/report/events.js';

export const REPORT_ID = kaz.REPORT_ID;
export const RECOMMENDATION_ID = kaz.catId('10');

/** Submitted naming no procedure: the standard one, as the case's was. */
const { procedure, ...submitted } = kaz.report;
export const submitReport = { type: 'SubmitReport', data: submitted } satisfies ReportCommand;

export const reportSubmitted = {
  type: 'ReportSubmitted',
  data: { reportId: REPORT_ID, ...submitted, procedure },
} satisfies ReportEvent;

export const presentReport = { type: 'PresentReport', data: kaz.presentation } satisfies ReportCommand;

export const reportPresented = {
  type: 'ReportPresented',
  data: { reportId: REPORT_ID, ...kaz.presentation },
} satisfies ReportEvent;

export const adoptConcludingObservations = {
  type: 'AdoptConcludingObservations',
  data: kaz.concludingObservations,
} satisfies ReportCommand;

export const concludingObservationsAdopted = {
  type: 'ConcludingObservationsAdopted',
  data: { reportId: REPORT_ID, ...kaz.concludingObservations },
} satisfies ReportEvent;

const paragraph10 = kaz.paragraph('10');
/** The selection as the event keeps it: the deadline the committee gave. */
const { followUp: _selection, ...issuedFacts } = paragraph10;

/** Paragraph 10, selected for follow-up: a reply was due one year after the session. */
export const issueRecommendation = {
  type: 'IssueRecommendation',
  data: paragraph10,
} satisfies RecommendationCommand;

export const recommendationIssued = {
  type: 'RecommendationIssued',
  data: {
    recommendationId: RECOMMENDATION_ID,
    ...issuedFacts,
    ...(paragraph10.followUp?.deadline !== undefined && { followUp: { deadline: paragraph10.followUp.deadline } }),
    themes: paragraph10.themes ?? [],
    sdgs: paragraph10.sdgs ?? [],
    affectedPersons: paragraph10.affectedPersons ?? [],
    recommendingStates: [],
  },
} satisfies RecommendationEvent;

const { paragraphs: _paragraphs, ...reply } = kaz.followUpReply;

export const receiveFollowUpReply = { type: 'ReceiveFollowUpReply', data: reply } satisfies RecommendationCommand;

export const followUpReplyReceived = {
  type: 'FollowUpReplyReceived',
  data: { recommendationId: RECOMMENDATION_ID, ...reply },
} satisfies RecommendationEvent;

/** The law on preventing torture, applied: the measure the State reported on paragraph 10. */
export const recordMeasure = { type: 'RecordMeasure', data: kaz.measureOn('10') } satisfies RecommendationCommand;

export const measureImplemented = {
  type: 'MeasureImplemented',
  data: { recommendationId: RECOMMENDATION_ID, ...kaz.measureOn('10'), evidence: [], completes: false },
} satisfies RecommendationEvent;
