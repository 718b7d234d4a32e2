import { Forbidden } from '../errors.js';
import type { Role } from './token.js';

/** Whoever sends a request: a token holder, or nobody. */
export type Principal =
  | { kind: 'token'; tokenId: string; name: string; role: Role; states: readonly string[] }
  | { kind: 'anonymous' };

/** Every write the service accepts, by the name of its command. */
export type Action =
  | 'SubmitReport'
  | 'PresentReport'
  | 'AdoptConcludingObservations'
  | 'AdoptListOfIssues'
  | 'ReceiveListOfIssuesReplies'
  | 'IssueRecommendation'
  | 'RespondToRecommendation'
  | 'RecordMeasure'
  | 'RecordNotStarted'
  | 'ReceiveFollowUpReply'
  | 'AssessFollowUp'
  | 'TranslateRecommendationText'
  | 'SendFollowUpReminder'
  | 'RequestFurtherInformation'
  | 'CloseFollowUp'
  | 'RecordMidTermReport'
  | 'IssueToken'
  | 'RevokeToken'
  | 'SignCheckpoint'
  | 'Subscribe'
  | 'Unsubscribe'
  | 'RecordCountryVisit'
  | 'PublishVisitReport'
  | 'SendCommunication'
  | 'ReceiveCommunicationReply'
  | PlanningAction;

/** What a State plans: only the State does (its own), and admins. */
export type PlanningAction =
  | 'RegisterInstitution'
  | 'AssignResponsibility'
  | 'WithdrawResponsibility'
  | 'FormCluster'
  | 'AddToCluster'
  | 'RemoveFromCluster'
  | 'PlanAction'
  | 'ReportActionProgress'
  | 'RecordMeasureOfAction'
  | 'DefineIndicator'
  | 'RecordIndicatorValue';

/** The contract's table of who may do what; `state` acts only for its own States. */
const ALLOWED: Record<Action, readonly Role[]> = {
  SubmitReport: ['admin', 'secretariat', 'state'],
  PresentReport: ['admin', 'secretariat'],
  AdoptConcludingObservations: ['admin', 'secretariat'],
  AdoptListOfIssues: ['admin', 'secretariat'],
  ReceiveListOfIssuesReplies: ['admin', 'secretariat', 'state'],
  IssueRecommendation: ['admin', 'secretariat'],
  RespondToRecommendation: ['admin', 'state'],
  RecordMeasure: ['admin', 'state'],
  RecordNotStarted: ['admin', 'secretariat', 'state'],
  ReceiveFollowUpReply: ['admin', 'secretariat', 'state'],
  AssessFollowUp: ['admin', 'secretariat'],
  TranslateRecommendationText: ['admin', 'secretariat'],
  SendFollowUpReminder: ['admin', 'secretariat'],
  RequestFurtherInformation: ['admin', 'secretariat'],
  CloseFollowUp: ['admin', 'secretariat'],
  RecordMidTermReport: ['admin', 'secretariat', 'state'],
  IssueToken: ['admin'],
  RevokeToken: ['admin'],
  SignCheckpoint: ['admin'],
  Subscribe: ['admin', 'secretariat', 'state'],
  Unsubscribe: ['admin', 'secretariat', 'state'],
  RecordCountryVisit: ['admin', 'secretariat'],
  PublishVisitReport: ['admin', 'secretariat'],
  SendCommunication: ['admin', 'secretariat'],
  ReceiveCommunicationReply: ['admin', 'secretariat', 'state'],
  RegisterInstitution: ['admin', 'state'],
  AssignResponsibility: ['admin', 'state'],
  WithdrawResponsibility: ['admin', 'state'],
  FormCluster: ['admin', 'state'],
  AddToCluster: ['admin', 'state'],
  RemoveFromCluster: ['admin', 'state'],
  PlanAction: ['admin', 'state'],
  ReportActionProgress: ['admin', 'state'],
  RecordMeasureOfAction: ['admin', 'state'],
  DefineIndicator: ['admin', 'state'],
  RecordIndicatorValue: ['admin', 'state'],
};

/** Whether the role may ever run the action, whatever the State: checked before reading the request body. */
export function roleMay(principal: Principal, action: Action): boolean {
  return principal.kind === 'token' && ALLOWED[action].includes(principal.role);
}

/** Throws Forbidden unless the principal may run the action for a resource of this State. */
export function authorise(principal: Principal, action: Action, state?: string): void {
  if (!roleMay(principal, action) || principal.kind !== 'token') {
    const role = principal.kind === 'token' ? principal.role : 'anonymous';
    throw new Forbidden(`the ${role} role may not ${describe(action)}`);
  }
  if (principal.role === 'state' && state !== undefined && !principal.states.includes(state)) {
    throw new Forbidden(`this token acts for ${principal.states.join(', ')}, not for ${state}`);
  }
}

/** Whether the principal may read token events and other administrative data. */
export const isAdmin = (principal: Principal): boolean => principal.kind === 'token' && principal.role === 'admin';

function describe(action: Action): string {
  return action.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
