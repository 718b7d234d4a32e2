/** Words for the API's codes in the page's language; typed against the domain's codes so a new code fails the typecheck. */
import type {
  AssessmentLevel,
  Commitment,
  Grade,
  ImplementationStatus,
  Mechanism,
  UprPosition,
} from '../../src/domain/vocabulary.js';
import { t } from './i18n.js';

export const MECHANISM_NAMES: Record<Mechanism, string> = t.mechanisms;
export const MECHANISMS = Object.keys(MECHANISM_NAMES) as Mechanism[];

export const STATUS_NAMES: Record<ImplementationStatus, string> = t.statuses;
export const STATUSES = Object.keys(STATUS_NAMES) as ImplementationStatus[];

export type Level = AssessmentLevel | 'not_assessed';
const LEVEL_GRADES: Record<Level, string> = {
  satisfactory: 'A',
  partially_satisfactory: 'B',
  not_satisfactory: 'C',
  no_reply: 'D',
  contrary: 'E',
  not_assessed: '',
};
/** A level with the grade letter of its scale: "Partially satisfactory (B)". */
export const LEVEL_NAMES = Object.fromEntries(
  (Object.keys(LEVEL_GRADES) as Level[]).map((level) => [
    level,
    LEVEL_GRADES[level] ? `${t.levels[level]} (${LEVEL_GRADES[level]})` : t.levels[level],
  ]),
) as Record<Level, string>;
export const LEVELS = Object.keys(LEVEL_GRADES) as Level[];

/** An assessment in words, its grade once: "Partially satisfactory (B1)". */
export const gradeWords = (grade: Grade, level: AssessmentLevel): string => `${t.levels[level]} (${grade})`;

export const UPR_NAMES: Record<UprPosition | 'pending', string> = t.upr;

/** What a recommendation is to its State: headline rates count the accepted ones only. */
export const COMMITMENT_NAMES: Record<Commitment, string> = t.commitments;
export const COMMITMENTS = Object.keys(COMMITMENT_NAMES) as Commitment[];

export const FOLLOW_UP_NAMES = t.followUpNames;
export const EVENT_NAMES: Record<string, string> = t.events;
export const ROLE_NAMES: Record<string, string> = t.roles;
