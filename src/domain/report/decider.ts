import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import type { CalendarDate, Mechanism, ReportingProcedure, StateCode } from '../vocabulary.js';
import type { ReportCommand } from './commands.js';
import { adoptListOfIssues, type CycleFacts, receiveListOfIssuesReplies } from './cycle.js';
import type { ReportEvent } from './events.js';
import { newReportId, statesNamedBy } from './symbol.js';

export interface ReportPresentation {
  session: number;
  presentedOn: CalendarDate;
  dialogueEndedOn?: CalendarDate;
  delegationHead?: string;
}

export interface ReportConcludingObservations {
  symbol: string;
  adoptedOn: CalendarDate;
  nextReportDue?: CalendarDate;
}

/** A submitted report: what the lifecycle rules and the recommendations issued on it need. */
export interface SubmittedReport {
  exists: true;
  id: string;
  state: StateCode;
  mechanism: Mechanism;
  cycle: number;
  symbol: string;
  submittedOn: CalendarDate;
  procedure: ReportingProcedure;
  presentation?: ReportPresentation;
  concludingObservations?: ReportConcludingObservations;
  listOfIssues?: { kind: string; symbol: string; adoptedOn: CalendarDate };
  listOfIssuesReplies?: { symbol: string; receivedOn: CalendarDate };
}

/** No event yet: the report was never submitted. */
export interface UnknownReport {
  exists: false;
}

export type ReportState = UnknownReport | SubmittedReport;

function initialState(): ReportState {
  return { exists: false };
}

function evolve(report: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case 'ReportSubmitted': {
      const { reportId: id, state, mechanism, cycle, symbol, submittedOn, procedure } = event.data;
      return { exists: true, id, state, mechanism, cycle, symbol, submittedOn, procedure };
    }
    case 'ReportPresented': {
      if (!report.exists) return report;
      const { reportId: _id, ...presentation } = event.data;
      return { ...report, presentation };
    }
    case 'ConcludingObservationsAdopted': {
      if (!report.exists) return report;
      const { reportId: _id, ...concludingObservations } = event.data;
      return { ...report, concludingObservations };
    }
    case 'ListOfIssuesAdopted': {
      if (!report.exists) return report;
      const { kind, symbol, adoptedOn } = event.data;
      return { ...report, listOfIssues: { kind, symbol, adoptedOn } };
    }
    case 'ListOfIssuesRepliesReceived': {
      if (!report.exists) return report;
      const { symbol, receivedOn } = event.data;
      return { ...report, listOfIssuesReplies: { symbol, receivedOn } };
    }
  }
}

function decide(command: ReportCommand, report: ReportState): ReportEvent[] {
  if (command.type === 'SubmitReport') {
    const { state, mechanism, cycle, symbol, submittedOn, procedure = 'standard' } = command.data;
    const others = statesNamedBy(symbol).filter((named) => named !== state);
    if (others.length > 0) {
      throw new RuleViolation(
        `the symbol ${symbol} names ${others.join(', ')}: a report of ${state} cannot take a symbol of another State`,
      );
    }
    const id = newReportId(state, symbol);
    if (report.exists) throw new LifecycleConflict(`report ${id} already exists`);
    const earlier = command.earlier;
    if (earlier?.exists && earlier.state === state) {
      throw new LifecycleConflict(`report ${earlier.id} already exists with the symbol ${earlier.symbol}`);
    }
    return [
      { type: 'ReportSubmitted', data: { reportId: id, state, mechanism, cycle, symbol, submittedOn, procedure } },
    ];
  }
  if (!report.exists) throw new NotFound('the report does not exist: submit it first');

  switch (command.type) {
    case 'PresentReport': {
      const { session, presentedOn, delegationHead, dialogueEndedOn } = command.data;
      if (report.presentation) {
        throw new LifecycleConflict(
          `report ${report.id} was already presented on ${report.presentation.presentedOn} (session ${report.presentation.session})`,
        );
      }
      if (presentedOn < report.submittedOn) {
        throw new RuleViolation(
          `report ${report.id} cannot be presented on ${presentedOn}, before it was submitted on ${report.submittedOn}`,
        );
      }
      if (dialogueEndedOn !== undefined && dialogueEndedOn < presentedOn) {
        throw new RuleViolation(`the dialogue cannot end on ${dialogueEndedOn}, before it began on ${presentedOn}`);
      }
      const data: Extract<ReportEvent, { type: 'ReportPresented' }>['data'] = {
        reportId: report.id,
        session,
        presentedOn,
      };
      if (dialogueEndedOn !== undefined) data.dialogueEndedOn = dialogueEndedOn;
      if (delegationHead !== undefined) data.delegationHead = delegationHead;
      return [{ type: 'ReportPresented', data }];
    }
    case 'AdoptConcludingObservations': {
      const { symbol, adoptedOn, nextReportDue } = command.data;
      if (report.concludingObservations) {
        const adopted = report.concludingObservations;
        throw new LifecycleConflict(
          `concluding observations ${adopted.symbol} on report ${report.id} were already adopted on ${adopted.adoptedOn}`,
        );
      }
      if (!report.presentation) {
        throw new LifecycleConflict(
          `report ${report.id} has not been presented yet: concluding observations follow its presentation`,
        );
      }
      if (adoptedOn < report.presentation.presentedOn) {
        throw new RuleViolation(
          `concluding observations on report ${report.id} cannot be adopted on ${adoptedOn}, before it was presented on ${report.presentation.presentedOn}`,
        );
      }
      if (nextReportDue !== undefined && nextReportDue <= adoptedOn) {
        throw new RuleViolation(
          `the next report cannot be due on ${nextReportDue}, before the observations of ${adoptedOn}`,
        );
      }
      return [
        {
          type: 'ConcludingObservationsAdopted',
          data: { reportId: report.id, symbol, adoptedOn, ...(nextReportDue !== undefined && { nextReportDue }) },
        },
      ];
    }
    case 'AdoptListOfIssues':
      return adoptListOfIssues(cycleFacts(report), command.data);
    case 'ReceiveListOfIssuesReplies':
      return receiveListOfIssuesReplies(cycleFacts(report), command.data);
  }
}

function cycleFacts(report: SubmittedReport): CycleFacts {
  const { id, procedure, submittedOn, listOfIssues, listOfIssuesReplies } = report;
  return {
    id,
    procedure,
    submittedOn,
    ...(report.presentation && { presentedOn: report.presentation.presentedOn }),
    ...(listOfIssues && { listOfIssues }),
    ...(listOfIssuesReplies && { listOfIssuesReplies }),
  };
}

/** The report aggregate: submitted, presented in a dialogue, concluded by observations, each once and in order. */
export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState> = { initialState, evolve, decide };
