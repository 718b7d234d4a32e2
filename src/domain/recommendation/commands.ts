import { z } from 'zod';
import type { RecordMeasureOfAction } from '../action/action.js';
import type { ActionState } from '../action/state.js';
import { recommendationId } from '../identity.js';
import type { InstitutionState } from '../institution/institution.js';
import { PriorityDesignation } from '../procedure/priority.js';
import { PositionSource } from '../procedure/upr-position.js';
import type { ReportState } from '../report/decider.js';
import { SdgTargetRef } from '../sdg/sdg.js';
import type { VisitState } from '../special-procedure/visit.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import {
  CalendarDate,
  DocumentSymbol,
  Grade,
  MandateId,
  Mechanism,
  Paragraph,
  TextLanguage,
  UprCycle,
  UprPosition,
} from '../vocabulary.js';
import { MeasureCategory, ResponsibilityRole, SubParagraph } from './events.js';

/** A piece of evidence as a command takes it: a visible title, an http(s) URL. */
const EvidenceInput = z.strictObject({
  title: userText().min(1).max(500),
  url: z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }).max(2000),
});

const Label = userText().min(1).max(200);

/** Bodies of the recommendation commands, strict: an unknown field is an error, never dropped. */
export const IssueRecommendation = z.strictObject({
  state: StateInput,
  mechanism: Mechanism,
  symbol: DocumentSymbol.describe('symbol of the document holding it, e.g. CAT/C/KAZ/CO/4 or A/HRC/55/9'),
  paragraph: Paragraph.describe('paragraph number, e.g. 12, 12(a), or 128.45 for the UPR'),
  text: userText().min(1).max(20_000),
  issuedOn: CalendarDate,
  reportId: z.string().max(200).optional().describe('id of the report whose review produced it'),
  themes: z.array(Label).max(50).optional(),
  sdgs: z
    .array(SdgTargetRef)
    .max(50)
    .optional()
    .describe("SDG targets, by code (16.3) or as the UN's exports write them (16.3 - Promote the rule of law)"),
  affectedPersons: z.array(Label).max(50).optional(),
  followUp: z
    .strictObject({
      deadline: CalendarDate.optional().describe("the deadline the committee named; without it, the body's default"),
      sessionEndedOn: CalendarDate.optional().describe(
        'the last day of the session, where the body counts its default deadline from it (CAT)',
      ),
    })
    .optional()
    .describe("present when selected for follow-up: the deadline for the reply, given or by the body's rule"),
  recommendingStates: z.array(StateInput).max(200).optional().describe('UPR only: the recommending States'),
  unmappedRecommendingStates: z
    .array(userText().min(1).max(200))
    .max(200)
    .optional()
    .describe('UPR only: recommending States as a source named them, where no code could be found'),
  uprSession: z.number().int().min(1).max(999).optional().describe('UPR only: the Working Group session'),
  uprCycle: UprCycle.optional().describe('UPR only: the cycle (1–4); derived from uprSession when that is given'),
  mandates: z
    .array(MandateId)
    .max(20)
    .optional()
    .describe('special procedures only: the mandates that made it, e.g. torture, country-blr'),
  visitId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("special procedures only: the country visit whose report holds it; the visit's mandate is added"),
  otherStatesConcerned: z
    .array(StateInput)
    .max(200)
    .optional()
    .describe(
      'the other States the same paragraph concerns; the recommendation to each is its own, its id names the State',
    ),
  priority: PriorityDesignation.optional().describe(
    'urgent_measures (CRC: an area where "urgent measures must be taken") or priority (any body\'s priority designation)',
  ),
});
export type IssueRecommendation = z.infer<typeof IssueRecommendation>;

/** The id an issued recommendation gets: symbol and paragraph, and the State when the paragraph concerns several. */
export function recommendationIdOf(
  issue: Pick<IssueRecommendation, 'symbol' | 'paragraph' | 'state' | 'otherStatesConcerned'>,
): string {
  const shared = (issue.otherStatesConcerned ?? []).some((state) => state !== issue.state);
  return recommendationId(issue.symbol, issue.paragraph, shared ? issue.state : undefined);
}

export const RespondToRecommendation = z.strictObject({
  position: UprPosition,
  respondedOn: CalendarDate,
  comment: userText().max(5000).optional(),
  source: PositionSource.optional().describe(
    "where the position was given: the Working Group's report, the addendum, or the Council's adoption",
  ),
});
export type RespondToRecommendation = z.infer<typeof RespondToRecommendation>;

export const RecordMeasure = z.strictObject({
  title: userText().min(1).max(500),
  institution: userText().min(1).max(500),
  implementedOn: CalendarDate,
  description: userText().max(20_000).optional(),
  evidence: z.array(EvidenceInput).max(50).optional(),
  completes: z.boolean().optional().describe('true when this measure completes the implementation'),
  category: MeasureCategory.optional().describe('the kind of measure: legislative, policy, institutional, …'),
});
export type RecordMeasure = z.infer<typeof RecordMeasure>;

export const RecordNotStarted = z.strictObject({
  recordedOn: CalendarDate.describe('the day the State or the secretariat said implementation had not started'),
  note: userText().max(5000).optional().describe('who said so, where, and why'),
});
export type RecordNotStarted = z.infer<typeof RecordNotStarted>;

/**
 * A recommendation as a newer export of its source gives it: what differs from what is recorded becomes events
 * (a changed text, new classification, recommending States added); what is the same changes nothing.
 */
export const ReviseFromSource = IssueRecommendation.pick({
  text: true,
  themes: true,
  sdgs: true,
  affectedPersons: true,
  recommendingStates: true,
  unmappedRecommendingStates: true,
}).extend({
  response: RespondToRecommendation.optional().describe('UPR: the position the source gives, recorded if none was'),
});
export type ReviseFromSource = z.infer<typeof ReviseFromSource>;

/** Body of POST /v1/recommendations/{id}/translations: the text in another of the UHRI's languages. */
export const TranslateRecommendationText = z.strictObject({
  language: TextLanguage.describe('fr or es: the original is English'),
  text: z.string().trim().min(1).max(20_000),
});
export type TranslateRecommendationText = z.infer<typeof TranslateRecommendationText>;

export const ReceiveFollowUpReply = z.strictObject({
  receivedOn: CalendarDate,
  symbol: DocumentSymbol.optional(),
  summary: userText().max(20_000).optional(),
});
export type ReceiveFollowUpReply = z.infer<typeof ReceiveFollowUpReply>;

export const AssessFollowUp = z.strictObject({
  grade: Grade.describe("on the body's scale: A–E; CCPR also B1 B2 C1 C2 D1 D2; CEDAW also 1–5"),
  assessedOn: CalendarDate,
  part: SubParagraph.optional().describe('the sub-paragraph graded (a, b, iii); absent when the whole paragraph is'),
  symbol: DocumentSymbol.optional().describe('the document publishing the assessment, e.g. CCPR/C/128/3/Add.1'),
  session: z.number().int().min(1).max(999).optional(),
  comment: userText().max(5000).optional(),
});
export type AssessFollowUp = z.infer<typeof AssessFollowUp>;

/** The dialogue's documents: a symbol and a note are optional on each. */
const DialogueNote = {
  symbol: DocumentSymbol.optional().describe('the letter or document, where it has a symbol or reference'),
  note: z.string().trim().max(5000).optional(),
};

export const SendFollowUpReminder = z.strictObject({ sentOn: CalendarDate, ...DialogueNote });
export type SendFollowUpReminder = z.infer<typeof SendFollowUpReminder>;

export const RequestFurtherInformation = z.strictObject({
  requestedOn: CalendarDate,
  replyBy: CalendarDate.optional().describe('the day the further information is asked for, when one is named'),
  ...DialogueNote,
});
export type RequestFurtherInformation = z.infer<typeof RequestFurtherInformation>;

export const CloseFollowUp = z.strictObject({ closedOn: CalendarDate, ...DialogueNote });
export type CloseFollowUp = z.infer<typeof CloseFollowUp>;

/** A UPR mid-term report covering the recommendation: recorded on each recommendation it covers, like a reply. */
export const RecordMidTermReport = z.strictObject({
  symbol: DocumentSymbol.describe('the mid-term report, as OHCHR publishes it (a symbol or its reference)'),
  submittedOn: CalendarDate,
  summary: userText().max(5000).optional().describe('what it says of this recommendation'),
});
export type RecordMidTermReport = z.infer<typeof RecordMidTermReport>;

/** Body of POST /v1/recommendations/{id}/responsibilities. */
export const AssignResponsibility = z.strictObject({
  institution: z.string().min(1).max(200).describe('id of an institution of the same State'),
  role: ResponsibilityRole.describe('lead (one at a time) or support'),
  assignedOn: CalendarDate,
});
export type AssignResponsibility = z.infer<typeof AssignResponsibility>;

export interface WithdrawResponsibility {
  institution: string;
  withdrawnOn: string;
}

/** Issuing carries the report named by `data.reportId`, loaded by the caller, so the decider can check it. */
export type RecommendationCommand =
  | { type: 'IssueRecommendation'; data: IssueRecommendation; report?: ReportState; visit?: VisitState }
  | { type: 'RespondToRecommendation'; data: RespondToRecommendation }
  | { type: 'RecordMeasure'; data: RecordMeasure }
  | { type: 'RecordNotStarted'; data: RecordNotStarted }
  | { type: 'ReviseFromSource'; data: ReviseFromSource }
  | { type: 'TranslateRecommendationText'; data: TranslateRecommendationText }
  | { type: 'ReceiveFollowUpReply'; data: ReceiveFollowUpReply }
  | { type: 'AssessFollowUp'; data: AssessFollowUp }
  | { type: 'SendFollowUpReminder'; data: SendFollowUpReminder }
  | { type: 'RequestFurtherInformation'; data: RequestFurtherInformation }
  | { type: 'RecordMidTermReport'; data: RecordMidTermReport }
  | { type: 'CloseFollowUp'; data: CloseFollowUp }
  | { type: 'AssignResponsibility'; data: AssignResponsibility; institution: InstitutionState }
  | { type: 'WithdrawResponsibility'; data: WithdrawResponsibility }
  | {
      type: 'RecordMeasureOfAction';
      data: RecordMeasureOfAction;
      /** The action, the current members of its cluster, and the name of its institution: loaded by the caller. */
      action: ActionState;
      clusterMembers: readonly string[];
      institutionName: string;
    };
