/** Words for the API's codes; typed against the API's own schemas so that a new code fails the typecheck. */
import type {
  AssessmentLevel,
  Commitment,
  ImplementationStatus,
  Mechanism,
  UprPosition,
} from '../../src/domain/vocabulary.js';

export const MECHANISM_NAMES: Record<Mechanism, string> = {
  CAT: 'Committee against Torture',
  CCPR: 'Human Rights Committee',
  CESCR: 'Committee on Economic, Social and Cultural Rights',
  CEDAW: 'Committee on the Elimination of Discrimination against Women',
  CERD: 'Committee on the Elimination of Racial Discrimination',
  CRC: 'Committee on the Rights of the Child',
  CRPD: 'Committee on the Rights of Persons with Disabilities',
  CED: 'Committee on Enforced Disappearances',
  CMW: 'Committee on Migrant Workers',
  SPT: 'Subcommittee on Prevention of Torture',
  UPR: 'Universal Periodic Review',
  SP: 'Special procedures',
};
export const MECHANISMS = Object.keys(MECHANISM_NAMES) as Mechanism[];

export const STATUS_NAMES: Record<ImplementationStatus, string> = {
  no_information: 'No information',
  not_started: 'Not started',
  in_progress: 'In progress',
  implemented: 'Implemented',
};
export const STATUSES = Object.keys(STATUS_NAMES) as ImplementationStatus[];

export type Level = AssessmentLevel | 'not_assessed';
export const LEVEL_NAMES: Record<Level, string> = {
  satisfactory: 'Satisfactory (A)',
  partially_satisfactory: 'Partially satisfactory (B)',
  not_satisfactory: 'Not satisfactory (C)',
  no_reply: 'No reply (D)',
  contrary: 'Contrary to the recommendation (E)',
  not_assessed: 'Not assessed',
};
export const LEVELS = Object.keys(LEVEL_NAMES) as Level[];

export const UPR_NAMES: Record<UprPosition | 'pending', string> = {
  supported: 'Supported',
  supported_in_part: 'Supported in part',
  noted: 'Noted',
  pending: 'No position yet',
};

/** What a recommendation is to its State: headline rates count the accepted ones only. */
export const COMMITMENT_NAMES: Record<Commitment, string> = {
  accepted: 'Accepted (treaty bodies, supported UPR)',
  supported_in_part: 'UPR supported in part',
  noted: 'UPR noted',
  pending: 'UPR, no position yet',
  special_procedure: 'Special procedures',
};
export const COMMITMENTS = Object.keys(COMMITMENT_NAMES) as Commitment[];

export const FOLLOW_UP_NAMES = { selected: 'Selected for follow-up', replied: 'Replied', overdue: 'Overdue' } as const;

export const EVENT_NAMES: Record<string, string> = {
  RecommendationIssued: 'Recommendation issued',
  RecommendationResponded: 'State responded',
  MeasureImplemented: 'Measure recorded',
  NotStartedRecorded: 'Recorded as not started',
  RecommendationTextChanged: 'Text changed at the source',
  RecommendationReclassified: 'Reclassified at the source',
  RecommendingStatesAdded: 'Recommending States added',
  FollowUpReplyReceived: 'Follow-up reply received',
  FollowUpAssessed: 'Follow-up assessed',
};

export const ROLE_NAMES: Record<string, string> = {
  admin: 'administrator',
  secretariat: 'secretariat',
  state: 'State',
  reader: 'reader',
  system: 'system',
};
