import { LifecycleConflict, RuleViolation } from '../errors.js';
import type { CalendarDate, ReportingProcedure } from '../vocabulary.js';
import type { AdoptListOfIssues, ReceiveListOfIssuesReplies } from './commands.js';
import type { ReportEvent } from './events.js';

/** What the reporting-cycle rules need of a submitted report. */
export interface CycleFacts {
  id: string;
  procedure: ReportingProcedure;
  submittedOn: CalendarDate;
  presentedOn?: CalendarDate;
  listOfIssues?: { symbol: string; adoptedOn: CalendarDate };
  listOfIssuesReplies?: { symbol: string; receivedOn: CalendarDate };
}

/** The list of issues each procedure takes. */
const LIST_OF: Record<ReportingProcedure, AdoptListOfIssues['kind']> = {
  standard: 'list_of_issues',
  simplified: 'list_of_issues_prior_to_reporting',
};

/**
 * The committee's list of issues: under the standard procedure a list of issues that follows the report; under the
 * simplified one the list prior to reporting, which the report answers (so it comes before it). Once, and before the
 * dialogue.
 */
export function adoptListOfIssues(report: CycleFacts, data: AdoptListOfIssues): ReportEvent[] {
  if (report.listOfIssues) {
    throw new LifecycleConflict(
      `report ${report.id} already has its list of issues ${report.listOfIssues.symbol}, adopted on ${report.listOfIssues.adoptedOn}`,
    );
  }
  const expected = LIST_OF[report.procedure];
  if (data.kind !== expected) {
    throw new RuleViolation(
      `report ${report.id} follows the ${report.procedure} procedure: it takes a ${expected.replaceAll('_', ' ')}`,
    );
  }
  if (report.procedure === 'standard' && data.adoptedOn < report.submittedOn) {
    throw new RuleViolation(
      `a list of issues on report ${report.id} follows the report, submitted on ${report.submittedOn}, not ${data.adoptedOn}`,
    );
  }
  if (report.procedure === 'simplified' && data.adoptedOn > report.submittedOn) {
    throw new RuleViolation(
      `a list of issues prior to reporting comes before the report it asks for, submitted on ${report.submittedOn}, not ${data.adoptedOn}`,
    );
  }
  if (report.presentedOn !== undefined && data.adoptedOn > report.presentedOn) {
    throw new RuleViolation(
      `a list of issues comes before the dialogue of ${report.presentedOn}, not ${data.adoptedOn}`,
    );
  }
  return [{ type: 'ListOfIssuesAdopted', data: { reportId: report.id, ...data } }];
}

/** The State's replies to a list of issues: standard procedure only (under the simplified one they are the report). */
export function receiveListOfIssuesReplies(report: CycleFacts, data: ReceiveListOfIssuesReplies): ReportEvent[] {
  if (report.procedure === 'simplified') {
    throw new RuleViolation(
      `report ${report.id} follows the simplified procedure: its replies to the list of issues prior to reporting are the report itself`,
    );
  }
  if (!report.listOfIssues) {
    throw new LifecycleConflict(`report ${report.id} has no list of issues yet: its replies follow it`);
  }
  if (report.listOfIssuesReplies) {
    throw new LifecycleConflict(
      `the replies ${report.listOfIssuesReplies.symbol} to the list of issues on report ${report.id} were already received on ${report.listOfIssuesReplies.receivedOn}`,
    );
  }
  if (data.receivedOn < report.listOfIssues.adoptedOn) {
    throw new RuleViolation(
      `replies received on ${data.receivedOn} cannot precede the list of issues, adopted on ${report.listOfIssues.adoptedOn}`,
    );
  }
  return [{ type: 'ListOfIssuesRepliesReceived', data: { reportId: report.id, ...data } }];
}

/**
 * Whether the next report is overdue on `onDay`: the day the concluding observations set for it has passed and no
 * later report of the same State to the same body was submitted by then. Computed when read, like any overdue.
 */
export function nextReportOverdue(
  due: CalendarDate,
  laterSubmissions: readonly { submittedOn: CalendarDate }[],
  onDay: CalendarDate,
): boolean {
  return due < onDay && !laterSubmissions.some((report) => report.submittedOn <= onDay);
}

export const NEXT_REPORT_STANDINGS = ['pending', 'overdue', 'submitted', 'submitted_late'] as const;
export type NextReportStanding = (typeof NEXT_REPORT_STANDINGS)[number];

/**
 * Where the next report stands on `onDay`, as a follow-up does: `submitted` (a later report of the same State to the
 * same body arrived by its due day) or `submitted_late` (after it), else `overdue` from the day after the due day,
 * else `pending`. A later report counts from the day it was submitted; the first one after this report answers.
 */
export function nextReportStanding(
  due: CalendarDate,
  laterSubmissions: readonly { submittedOn: CalendarDate }[],
  onDay: CalendarDate,
): NextReportStanding {
  const arrived = laterSubmissions
    .map((report) => report.submittedOn)
    .filter((day) => day <= onDay)
    .sort()[0];
  if (arrived !== undefined) return arrived <= due ? 'submitted' : 'submitted_late';
  return nextReportOverdue(due, laterSubmissions, onDay) ? 'overdue' : 'pending';
}

/** Whole days from `from` to `to` (calendar dates), negative when `to` comes first. */
export function daysPast(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
