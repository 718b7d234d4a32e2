import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { CalendarDate, DocumentSymbol, Mechanism, ReportingProcedure, StateCode } from '../vocabulary.js';

export const ReportSubmitted = z.strictObject({
  reportId: z.string(),
  state: StateCode,
  mechanism: Mechanism,
  cycle: z.number().int().min(1).max(99),
  symbol: DocumentSymbol,
  submittedOn: CalendarDate,
  procedure: ReportingProcedure,
});

/** `dialogueEndedOn` (added with the reporting cycle, optional): the dialogue's last day when it ran over days. */
export const ReportPresented = z.strictObject({
  reportId: z.string(),
  session: z.number().int().min(1).max(999),
  presentedOn: CalendarDate,
  dialogueEndedOn: CalendarDate.optional(),
  delegationHead: z.string().max(500).optional(),
});

/** `nextReportDue` (added with the reporting cycle, optional): the day the observations set for the next report. */
export const ConcludingObservationsAdopted = z.strictObject({
  reportId: z.string(),
  symbol: DocumentSymbol,
  adoptedOn: CalendarDate,
  nextReportDue: CalendarDate.optional(),
});

export const LIST_OF_ISSUES_KINDS = ['list_of_issues', 'list_of_issues_prior_to_reporting'] as const;
export const ListOfIssuesKind = z.enum(LIST_OF_ISSUES_KINDS);

/** The committee adopted its list of issues (standard procedure) or list prior to reporting (simplified). */
export const ListOfIssuesAdopted = z.strictObject({
  reportId: z.string(),
  kind: ListOfIssuesKind,
  symbol: DocumentSymbol,
  adoptedOn: CalendarDate,
});

/** The State's replies to the list of issues (standard procedure), with their symbol. */
export const ListOfIssuesRepliesReceived = z.strictObject({
  reportId: z.string(),
  symbol: DocumentSymbol,
  receivedOn: CalendarDate,
});

export const reportEventSchemas = {
  ReportSubmitted,
  ReportPresented,
  ConcludingObservationsAdopted,
  ListOfIssuesAdopted,
  ListOfIssuesRepliesReceived,
} as const;

export type ReportEvent = EventsOf<typeof reportEventSchemas>;
