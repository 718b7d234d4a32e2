import { z } from 'zod';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import { CalendarDate, DocumentSymbol, Mechanism, ReportingProcedure } from '../vocabulary.js';
import { ListOfIssuesKind } from './events.js';

/** Bodies of the report commands, strict: an unknown field is an error, never dropped. */
export const SubmitReport = z.strictObject({
  state: StateInput,
  mechanism: Mechanism,
  cycle: z.number().int().min(1).max(99).describe('the periodic report number, or the UPR cycle'),
  symbol: DocumentSymbol.describe('document symbol of the report, e.g. CAT/C/KAZ/4'),
  submittedOn: CalendarDate,
  procedure: ReportingProcedure.optional().describe('standard (default) or simplified reporting procedure'),
});
export type SubmitReport = z.infer<typeof SubmitReport>;

export const PresentReport = z.strictObject({
  session: z.number().int().min(1).max(999).describe("the committee's session number, e.g. 76"),
  presentedOn: CalendarDate.describe('first day of the constructive dialogue'),
  dialogueEndedOn: CalendarDate.optional().describe('last day of the dialogue, when it ran over several days'),
  delegationHead: userText().min(1).max(500).optional(),
});
export type PresentReport = z.infer<typeof PresentReport>;

export const AdoptConcludingObservations = z.strictObject({
  symbol: DocumentSymbol.describe('symbol of the concluding observations, e.g. CAT/C/KAZ/CO/4'),
  adoptedOn: CalendarDate,
  nextReportDue: CalendarDate.optional().describe('the day the observations set for the next periodic report'),
});
export type AdoptConcludingObservations = z.infer<typeof AdoptConcludingObservations>;

export const AdoptListOfIssues = z.strictObject({
  kind: ListOfIssuesKind.describe(
    'list_of_issues (standard procedure, e.g. CAT/C/KAZ/Q/4) or list_of_issues_prior_to_reporting (simplified, …/QPR/n)',
  ),
  symbol: DocumentSymbol,
  adoptedOn: CalendarDate,
});
export type AdoptListOfIssues = z.infer<typeof AdoptListOfIssues>;

export const ReceiveListOfIssuesReplies = z.strictObject({
  symbol: DocumentSymbol.describe("symbol of the State's replies, e.g. CAT/C/KAZ/RQ/4"),
  receivedOn: CalendarDate,
});
export type ReceiveListOfIssuesReplies = z.infer<typeof ReceiveListOfIssuesReplies>;

/** What the decider needs of a report stored under a symbol's plain slug (a ReportState fits). */
export type EarlierReport = { exists: false } | { exists: true; id: string; state: string; symbol: string };

/**
 * Submitting carries, when the new id is not the symbol's plain slug, the report stored under that slug before ids
 * held their State (loaded by the caller), so the decider can refuse the same report twice.
 */
export type ReportCommand =
  | { type: 'SubmitReport'; data: SubmitReport; earlier?: EarlierReport }
  | { type: 'PresentReport'; data: PresentReport }
  | { type: 'AdoptConcludingObservations'; data: AdoptConcludingObservations }
  | { type: 'AdoptListOfIssues'; data: AdoptListOfIssues }
  | { type: 'ReceiveListOfIssuesReplies'; data: ReceiveListOfIssuesReplies };
