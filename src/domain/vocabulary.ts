import { z } from 'zod';
import countries from './countries.js';

/** Human-rights mechanisms whose recommendations the service follows up. SP: special procedures. */
export const MECHANISMS = [
  'CAT',
  'CCPR',
  'CESCR',
  'CEDAW',
  'CERD',
  'CRC',
  'CRPD',
  'CED',
  'CMW',
  'SPT',
  'UPR',
  'SP',
] as const;
export type Mechanism = (typeof MECHANISMS)[number];
export const Mechanism = z.enum(MECHANISMS);

/**
 * The national view: `no_information` until anything is recorded (the default, never presented as a fact),
 * `not_started` once a State or the secretariat said so on a day, then `in_progress` and `implemented` from measures.
 */
export const IMPLEMENTATION_STATUSES = ['no_information', 'not_started', 'in_progress', 'implemented'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
export const ImplementationStatus = z.enum(IMPLEMENTATION_STATUSES);

export const ASSESSMENT_LEVELS = [
  'satisfactory',
  'partially_satisfactory',
  'not_satisfactory',
  'no_reply',
  'contrary',
] as const;
export type AssessmentLevel = (typeof ASSESSMENT_LEVELS)[number];
export const AssessmentLevel = z.enum(ASSESSMENT_LEVELS);

/** Follow-up grades by letter; sub-grades are CCPR's scale before 2016. */
export const GRADES = ['A', 'B', 'C', 'D', 'E', 'B1', 'B2', 'C1', 'C2', 'D1', 'D2'] as const;
/** Every grade some body gives (src/domain/procedure/follow-up-rules.ts says whose): the letters, and CEDAW's 1–5. */
export const ALL_GRADES = [...GRADES, '1', '2', '3', '4', '5'] as const;
export type Grade = (typeof ALL_GRADES)[number];
export const Grade = z.enum(ALL_GRADES);

const LEVEL_OF_LETTER: Record<string, AssessmentLevel> = {
  A: 'satisfactory',
  B: 'partially_satisfactory',
  C: 'not_satisfactory',
  D: 'no_reply',
  E: 'contrary',
};

/** The normalised level of a letter grade: a sub-grade has the level of its letter. */
export function gradeLevel(grade: Grade): AssessmentLevel {
  const level = LEVEL_OF_LETTER[grade.charAt(0)];
  if (!level) throw new Error(`unknown grade ${grade}`);
  return level;
}

/** From the most satisfactory to the least: the order a recommendation's level is derived by (its least satisfactory part). */
export const levelRank = (level: AssessmentLevel): number => ASSESSMENT_LEVELS.indexOf(level);

/**
 * The languages a recommendation's text is kept in: the UHRI's, English, French and Spanish (ISO 639-1, the primary
 * subtags of BCP 47). The text as issued is the original, recorded as English, as the UHRI publishes it first.
 */
export const TEXT_LANGUAGES = ['en', 'fr', 'es'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
export const TextLanguage = z.enum(TEXT_LANGUAGES, { message: 'must be en, fr or es' });
export const ORIGINAL_LANGUAGE: TextLanguage = 'en';

export const UPR_POSITIONS = ['supported', 'supported_in_part', 'noted'] as const;
export type UprPosition = (typeof UPR_POSITIONS)[number];
export const UprPosition = z.enum(UPR_POSITIONS);

/** UPR cycles: the 1st ran 2008–2012 (sessions 1–12), the 2nd 2012–2017 (13–26), the 3rd 2017–2022 (27–40). */
export const UPR_CYCLES = [1, 2, 3, 4] as const;
export type UprCycle = (typeof UPR_CYCLES)[number];
export const UprCycle = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** The UPR cycle a Working Group session belongs to; session 41 onward is the 4th. */
export function uprCycleOf(session: number): UprCycle {
  if (session <= 12) return 1;
  if (session <= 26) return 2;
  if (session <= 40) return 3;
  return 4;
}

/** A special procedure's mandate id (see mandates.ts): `torture`, `country-blr`, or one made from an unlisted name. */
export const MandateId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a mandate id like torture or country-blr');

/**
 * What a recommendation is to the State it concerns: `accepted` (a treaty body's, or a UPR one it supported),
 * `supported_in_part`, `noted`, `pending` (UPR, no position yet), or `special_procedure` (a mandate holder's, which a
 * State neither accepts nor notes). Headline implementation rates count the accepted ones only.
 */
export const COMMITMENTS = ['accepted', 'supported_in_part', 'noted', 'pending', 'special_procedure'] as const;
export type Commitment = (typeof COMMITMENTS)[number];
export const Commitment = z.enum(COMMITMENTS);

/** The commitment of a recommendation of this mechanism, given the State's position (UPR only) if any. */
export function commitmentOf(mechanism: Mechanism, position: UprPosition | undefined): Commitment {
  if (mechanism === 'SP') return 'special_procedure';
  if (mechanism !== 'UPR') return 'accepted';
  if (position === undefined) return 'pending';
  return position === 'supported' ? 'accepted' : position;
}

export const REPORTING_PROCEDURES = ['standard', 'simplified'] as const;
export const ReportingProcedure = z.enum(REPORTING_PROCEDURES);
export type ReportingProcedure = (typeof REPORTING_PROCEDURES)[number];

/**
 * Parties to a treaty that are not States, with the code they go by here: the European Union is a party to the
 * CRPD (`EUU`, the code the World Bank and the UN's statistics use for it; ISO 3166-1 reserves only `EU`).
 */
export const OTHER_PARTIES: Readonly<Record<string, string>> = { EUU: 'European Union' };

/** Whether a text is the code of a State (ISO 3166-1 alpha-3, upper case) or of another party (`EUU`). */
export const isStateCode = (code: string): boolean =>
  /^[A-Z]{3}$/.test(code) && (countries.isValid(code) || Object.hasOwn(OTHER_PARTIES, code));

/** ISO 3166-1 alpha-3 code of a State (or of another party, `EUU`), upper case, known to the ISO list. */
export const StateCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code in upper case, like KAZ')
  .refine(
    (code) => countries.isValid(code) || Object.hasOwn(OTHER_PARTIES, code),
    'is not a known ISO 3166-1 alpha-3 code',
  );
export type StateCode = z.infer<typeof StateCode>;

/** The English short name of a State, for display. */
export function stateName(code: string): string | undefined {
  return OTHER_PARTIES[code] ?? countries.getName(code, 'en');
}

/** A calendar date YYYY-MM-DD that exists. */
export const CalendarDate = z.iso.date({ message: 'must be a calendar date YYYY-MM-DD' });
export type CalendarDate = string;

/** A UN document symbol such as CAT/C/KAZ/CO/4 or A/HRC/55/9. */
export const DocumentSymbol = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9/.()\-_ ]*$/, 'must be a UN document symbol like CAT/C/KAZ/CO/4');

/** A paragraph of a document: "12", "12(a)", UPR "128.45". */
export const Paragraph = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.()\- ]*$/, 'must be a paragraph number like 12, 12(a) or 128.45');
