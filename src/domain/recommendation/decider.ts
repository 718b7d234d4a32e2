import { actionServes, progressOn } from '../action/state.js';
import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { checkPriority } from '../procedure/priority.js';
import type { ReportState } from '../report/decider.js';
import { checkVisitOfRecommendation } from '../special-procedure/visit.js';
import {
  type CalendarDate,
  type ImplementationStatus,
  type Mechanism,
  type StateCode,
  uprCycleOf,
} from '../vocabulary.js';
import { type IssueRecommendation, type RecommendationCommand, recommendationIdOf } from './commands.js';
import type { RecommendationEvent } from './events.js';
import { decideFollowUp, selection } from './follow-up.js';
import { checkAssignment, checkWithdrawal, type Responsibility, withWithdrawal } from './responsibility.js';
import { revise, type SourceFacts, withSourceEvent } from './revise.js';
import { implementationStatus } from './status.js';
import { type Translations, translate, withTranslationEvent } from './translation.js';

type EventData<Type extends RecommendationEvent['type']> = Extract<RecommendationEvent, { type: Type }>['data'];

export type RecommendationResponse = Omit<EventData<'RecommendationResponded'>, 'recommendationId'>;
export type Measure = Omit<EventData<'MeasureImplemented'>, 'recommendationId'>;
export type NotStartedStatement = Omit<EventData<'NotStartedRecorded'>, 'recommendationId'>;
export type FollowUpReply = Omit<EventData<'FollowUpReplyReceived'>, 'recommendationId'>;
export type Assessment = Omit<EventData<'FollowUpAssessed'>, 'recommendationId'>;
export type Reminder = Omit<EventData<'FollowUpReminderSent'>, 'recommendationId'>;
export type InformationRequest = Omit<EventData<'FurtherInformationRequested'>, 'recommendationId'>;
export type Closure = Omit<EventData<'FollowUpClosed'>, 'recommendationId'>;

/** An issued recommendation: what the rules on responses, measures and follow-up need. */
export interface IssuedRecommendation {
  exists: true;
  id: string;
  state: StateCode;
  mechanism: Mechanism;
  symbol: string;
  paragraph: string;
  issuedOn: CalendarDate;
  reportId?: string;
  /** Present when selected for follow-up. */
  followUp?: { deadline: CalendarDate; deadlineFrom?: 'body_default' };
  /** UPR only: the position of the State under review. */
  response?: RecommendationResponse;
  /** What its source last said of it: text, classification, recommending States. */
  source: SourceFacts;
  /** The text in other languages, by language; the original is `source.text`. */
  translations: Translations;
  /** In recording order. */
  measures: Measure[];
  /** Statements that implementation had not started, in recording order. */
  notStarted: NotStartedStatement[];
  replies: FollowUpReply[];
  assessments: Assessment[];
  reminders: Reminder[];
  requests: InformationRequest[];
  closure?: Closure;
  /** UPR: the mid-term reports that covered it, in the order recorded. */
  midTermReports: { symbol: string; submittedOn: CalendarDate }[];
  status: ImplementationStatus;
  /** Every period an institution was responsible for it, in the order assigned. */
  responsibilities: Responsibility[];
}

/** No event yet: the recommendation was never issued. */
export interface UnknownRecommendation {
  exists: false;
}

export type RecommendationState = UnknownRecommendation | IssuedRecommendation;

function initialState(): RecommendationState {
  return { exists: false };
}

function evolve(recommendation: RecommendationState, event: RecommendationEvent): RecommendationState {
  if (event.type === 'RecommendationIssued') {
    const { recommendationId: id, state, mechanism, symbol, paragraph, issuedOn, reportId, followUp } = event.data;
    const { text, themes, sdgs, affectedPersons, recommendingStates, unmappedRecommendingStates = [] } = event.data;
    const issued: IssuedRecommendation = {
      exists: true,
      id,
      state,
      mechanism,
      symbol,
      paragraph,
      issuedOn,
      source: { text, themes, sdgs, affectedPersons, recommendingStates, unmappedRecommendingStates },
      translations: {},
      measures: [],
      notStarted: [],
      replies: [],
      assessments: [],
      reminders: [],
      requests: [],
      midTermReports: [],
      status: 'no_information',
      responsibilities: [],
    };
    if (reportId !== undefined) issued.reportId = reportId;
    if (followUp) issued.followUp = { ...followUp };
    return issued;
  }
  if (!recommendation.exists) return recommendation;
  switch (event.type) {
    case 'RecommendationResponded':
      return { ...recommendation, response: withoutId(event.data) };
    case 'MeasureImplemented': {
      const measures = [...recommendation.measures, withoutId(event.data)];
      return { ...recommendation, measures, status: implementationStatus(measures, recommendation.notStarted.length) };
    }
    case 'NotStartedRecorded': {
      const notStarted = [...recommendation.notStarted, withoutId(event.data)];
      return {
        ...recommendation,
        notStarted,
        status: implementationStatus(recommendation.measures, notStarted.length),
      };
    }
    case 'FollowUpReplyReceived':
      return { ...recommendation, replies: [...recommendation.replies, withoutId(event.data)] };
    case 'RecommendationTextChanged':
      return {
        ...recommendation,
        source: withSourceEvent(recommendation.source, event),
        translations: withTranslationEvent(recommendation.translations, event),
      };
    case 'RecommendationTextTranslated':
      return { ...recommendation, translations: withTranslationEvent(recommendation.translations, event) };
    case 'RecommendationReclassified':
    case 'RecommendingStatesAdded':
      return { ...recommendation, source: withSourceEvent(recommendation.source, event) };
    case 'FollowUpAssessed':
      return { ...recommendation, assessments: [...recommendation.assessments, withoutId(event.data)] };
    case 'FollowUpReminderSent':
      return { ...recommendation, reminders: [...recommendation.reminders, withoutId(event.data)] };
    case 'FurtherInformationRequested':
      return { ...recommendation, requests: [...recommendation.requests, withoutId(event.data)] };
    case 'FollowUpClosed':
      return { ...recommendation, closure: withoutId(event.data) };
    case 'MidTermReportRecorded': {
      const { symbol, submittedOn } = event.data;
      return { ...recommendation, midTermReports: [...recommendation.midTermReports, { symbol, submittedOn }] };
    }
    case 'ResponsibilityAssigned': {
      const { institutionId, role, assignedOn } = event.data;
      const responsibilities = [...recommendation.responsibilities, { institutionId, role, assignedOn }];
      return { ...recommendation, responsibilities };
    }
    case 'ResponsibilityWithdrawn': {
      const { institutionId, withdrawnOn } = event.data;
      return {
        ...recommendation,
        responsibilities: withWithdrawal(recommendation.responsibilities, institutionId, withdrawnOn),
      };
    }
  }
}

/** The state keeps facts without the id they all share. */
function withoutId<Data extends { recommendationId: string }>(data: Data): Omit<Data, 'recommendationId'> {
  const { recommendationId: _id, ...fact } = data;
  return fact;
}

const unique = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])];

/** A fact about a recommendation cannot be dated before the recommendation itself. */
function notBeforeIssued(recommendation: IssuedRecommendation, date: CalendarDate, fact: string): void {
  if (date < recommendation.issuedOn) {
    throw new RuleViolation(
      `${fact} on ${date} cannot precede recommendation ${recommendation.id}, issued on ${recommendation.issuedOn}`,
    );
  }
}

/** The report it came from must exist and concern the same State and mechanism. */
function checkReport(data: IssueRecommendation, report: ReportState | undefined): void {
  if (!report?.exists || report.id !== data.reportId) {
    throw new RuleViolation(`report ${data.reportId} does not exist`);
  }
  if (report.state !== data.state) {
    throw new RuleViolation(`report ${report.id} concerns ${report.state}, not ${data.state}`);
  }
  if (report.mechanism !== data.mechanism) {
    throw new RuleViolation(`report ${report.id} was submitted to ${report.mechanism}, not ${data.mechanism}`);
  }
}

function issue(
  command: Extract<RecommendationCommand, { type: 'IssueRecommendation' }>,
  recommendation: RecommendationState,
): RecommendationEvent[] {
  const { data, report } = command;
  const id = recommendationIdOf(data);
  if (recommendation.exists) throw new LifecycleConflict(`recommendation ${id} already exists`);
  if (data.reportId !== undefined) checkReport(data, report);
  const followUp = selection(data);
  const recommendingStates = unique(data.recommendingStates);
  const unmappedRecommendingStates = unique(data.unmappedRecommendingStates);
  if ((recommendingStates.length > 0 || unmappedRecommendingStates.length > 0) && data.mechanism !== 'UPR') {
    throw new RuleViolation(`recommending States are for UPR recommendations only, not for ${data.mechanism}`);
  }
  const upr = uprFacts(data);
  const visitMandate =
    data.visitId !== undefined ? checkVisitOfRecommendation(data.visitId, command.visit, data) : undefined;
  const mandates = unique([...(data.mandates ?? []), ...(visitMandate ? [visitMandate] : [])]);
  if (mandates.length > 0 && data.mechanism !== 'SP') {
    throw new RuleViolation(`mandates are for special procedures (SP) only, not for ${data.mechanism}`);
  }
  const otherStatesConcerned = unique(data.otherStatesConcerned).filter((state) => state !== data.state);
  if (data.priority !== undefined) checkPriority(data.mechanism, data.priority);
  const issued: EventData<'RecommendationIssued'> = {
    recommendationId: id,
    state: data.state,
    mechanism: data.mechanism,
    symbol: data.symbol,
    paragraph: data.paragraph,
    text: data.text,
    issuedOn: data.issuedOn,
    themes: unique(data.themes),
    sdgs: unique(data.sdgs),
    affectedPersons: unique(data.affectedPersons),
    recommendingStates,
    ...(unmappedRecommendingStates.length > 0 ? { unmappedRecommendingStates } : {}),
    ...upr,
    ...(mandates.length > 0 ? { mandates } : {}),
    ...(data.visitId !== undefined ? { visitId: data.visitId } : {}),
    ...(otherStatesConcerned.length > 0 ? { otherStatesConcerned } : {}),
    ...(data.priority !== undefined && { priority: data.priority }),
  };
  if (data.reportId !== undefined) issued.reportId = data.reportId;
  if (followUp) issued.followUp = followUp;
  return [{ type: 'RecommendationIssued', data: issued }];
}

/** The UPR session and cycle: UPR only; the cycle follows from the session and must agree with it when both are given. */
function uprFacts(data: IssueRecommendation): Pick<EventData<'RecommendationIssued'>, 'uprSession' | 'uprCycle'> {
  if (data.uprSession === undefined && data.uprCycle === undefined) return {};
  if (data.mechanism !== 'UPR') {
    throw new RuleViolation(`a UPR session or cycle is for UPR recommendations only, not for ${data.mechanism}`);
  }
  if (data.uprSession === undefined) return { uprCycle: data.uprCycle! };
  const cycle = uprCycleOf(data.uprSession);
  if (data.uprCycle !== undefined && data.uprCycle !== cycle) {
    throw new RuleViolation(`UPR session ${data.uprSession} belongs to cycle ${cycle}, not ${data.uprCycle}`);
  }
  return { uprSession: data.uprSession, uprCycle: cycle };
}

function decide(command: RecommendationCommand, recommendation: RecommendationState): RecommendationEvent[] {
  if (command.type === 'IssueRecommendation') return issue(command, recommendation);
  if (!recommendation.exists) throw new NotFound('the recommendation does not exist: issue it first');
  const id = recommendation.id;

  switch (command.type) {
    case 'RespondToRecommendation': {
      if (recommendation.mechanism !== 'UPR') {
        throw new RuleViolation(
          `only UPR recommendations take a response; recommendation ${id} comes from ${recommendation.mechanism}`,
        );
      }
      if (recommendation.response) {
        const { position, respondedOn } = recommendation.response;
        throw new LifecycleConflict(`recommendation ${id} was already responded to on ${respondedOn} (${position})`);
      }
      notBeforeIssued(recommendation, command.data.respondedOn, 'a response given');
      return [{ type: 'RecommendationResponded', data: { recommendationId: id, ...command.data } }];
    }
    case 'RecordMeasure': {
      const { evidence = [], completes = false, ...measure } = command.data;
      notBeforeIssued(recommendation, measure.implementedOn, 'a measure implemented');
      return [{ type: 'MeasureImplemented', data: { recommendationId: id, ...measure, evidence, completes } }];
    }
    case 'ReviseFromSource': {
      const { response, ...source } = command.data;
      const events = revise(id, recommendation.mechanism, recommendation.source, source);
      // A position the source gives is recorded when none was; one recorded is changed only by the State.
      if (!response || recommendation.response) return events;
      return [...events, ...decide({ type: 'RespondToRecommendation', data: response }, recommendation)];
    }
    case 'TranslateRecommendationText':
      return translate(id, recommendation.translations, command.data.language, command.data.text);
    case 'RecordNotStarted': {
      if (recommendation.measures.length > 0) {
        throw new LifecycleConflict(
          `recommendation ${id} has ${recommendation.measures.length} measure(s) recorded: its implementation has started`,
        );
      }
      notBeforeIssued(recommendation, command.data.recordedOn, 'a statement that it had not started');
      return [{ type: 'NotStartedRecorded', data: { recommendationId: id, ...command.data } }];
    }
    case 'RecordMeasureOfAction':
      return [measureOfAction(command, recommendation)];
    case 'AssignResponsibility': {
      const { institution: institutionId, role, assignedOn } = command.data;
      checkAssignment(recommendation.responsibilities, {
        recommendationId: id,
        recommendationState: recommendation.state,
        issuedOn: recommendation.issuedOn,
        institution: command.institution,
        institutionId,
        role,
        assignedOn,
      });
      return [{ type: 'ResponsibilityAssigned', data: { recommendationId: id, institutionId, role, assignedOn } }];
    }
    case 'WithdrawResponsibility': {
      const { institution: institutionId, withdrawnOn } = command.data;
      checkWithdrawal(recommendation.responsibilities, id, institutionId, withdrawnOn);
      return [{ type: 'ResponsibilityWithdrawn', data: { recommendationId: id, institutionId, withdrawnOn } }];
    }
    case 'RecordMidTermReport': {
      const { symbol, submittedOn } = command.data;
      if (recommendation.mechanism !== 'UPR') {
        throw new RuleViolation(
          `mid-term reports are the UPR's; recommendation ${id} comes from ${recommendation.mechanism}`,
        );
      }
      const known = recommendation.midTermReports.find((report) => report.symbol === symbol);
      if (known) {
        throw new LifecycleConflict(`the mid-term report ${symbol} of ${known.submittedOn} already covers ${id}`);
      }
      notBeforeIssued(recommendation, submittedOn, 'a mid-term report submitted');
      return [{ type: 'MidTermReportRecorded', data: { recommendationId: id, ...command.data } }];
    }
    case 'ReceiveFollowUpReply':
    case 'AssessFollowUp':
    case 'SendFollowUpReminder':
    case 'RequestFurtherInformation':
    case 'CloseFollowUp':
      return decideFollowUp(command, {
        ...recommendation,
        ...(recommendation.closure && { closedOn: recommendation.closure.closedOn }),
      });
  }
}

/**
 * The measure a completed action took, recorded on a recommendation it serves: the link is named, never inferred.
 * Its title, institution and day default to the action's title, its institution and the day it was completed.
 */
function measureOfAction(
  command: Extract<RecommendationCommand, { type: 'RecordMeasureOfAction' }>,
  recommendation: IssuedRecommendation,
): RecommendationEvent {
  const { action, data } = command;
  if (!action.exists) throw new RuleViolation('the action does not exist');
  if (action.state !== recommendation.state) {
    throw new RuleViolation(
      `action ${action.id} is ${action.state}'s; recommendation ${recommendation.id} concerns ${recommendation.state}`,
    );
  }
  if (!actionServes(action, command.clusterMembers, recommendation.id)) {
    throw new RuleViolation(
      `action ${action.id} does not serve recommendation ${recommendation.id}: name it in the action or its cluster`,
    );
  }
  const { status, completedOn } = progressOn(action.progress);
  if (status !== 'completed' || completedOn === undefined) {
    throw new RuleViolation(
      `action ${action.id} is ${status.replace('_', ' ')}: only a completed action records a measure`,
    );
  }
  const implementedOn = data.implementedOn ?? completedOn;
  if (implementedOn < completedOn) {
    throw new RuleViolation(
      `action ${action.id} was completed on ${completedOn}: its measure cannot be dated ${implementedOn}`,
    );
  }
  notBeforeIssued(recommendation, implementedOn, 'a measure implemented');
  return {
    type: 'MeasureImplemented',
    data: {
      recommendationId: recommendation.id,
      title: data.title ?? action.title,
      institution: command.institutionName,
      implementedOn,
      ...(data.description !== undefined ? { description: data.description } : {}),
      evidence: [],
      completes: data.completes ?? false,
      ...(data.category !== undefined ? { category: data.category } : {}),
      actionId: action.id,
    },
  };
}

/** The recommendation aggregate: issued once, then responded to, implemented, replied on and assessed. */
export const recommendationDecider: Decider<RecommendationCommand, RecommendationEvent, RecommendationState> = {
  initialState,
  evolve,
  decide,
};
