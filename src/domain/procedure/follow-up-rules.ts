import type { AssessmentLevel, CalendarDate, Mechanism } from '../vocabulary.js';

/** Where a rule comes from: a body's own document (by its UN symbol where it has one) or a page about it. */
export interface Source {
  title: string;
  symbol?: string;
  url?: string;
}

/** One grade of a body's scale: as the body writes it, its wording, and the level clients compare by. */
export interface GradeOnScale {
  grade: string;
  wording: string;
  level: AssessmentLevel;
}

/** How a body follows up its concluding observations, or why it does not. */
export interface FollowUpRule {
  mechanism: Mechanism;
  /** Null: the body has no follow-up procedure for concluding observations; `without` says why. */
  procedure: null | {
    /** The default deadline: this many months after `from` (the session's end, or the adoption when unknown). */
    months: number;
    from: 'session_end' | 'adoption';
    scale: readonly GradeOnScale[];
  };
  without?: string;
  sources: readonly Source[];
}

const CCPR_WORDING = {
  A: 'Reply/action largely satisfactory',
  B: 'Reply/action partially satisfactory',
  C: 'Reply/action not satisfactory',
  D: 'No cooperation with the Committee',
  E: 'Information or measures taken are contrary to or reflect rejection of the recommendation',
} as const;

/** The five letters every body with a procedure grades by (the harmonised scale the service always accepted). */
const letters = (wording: Record<'A' | 'B' | 'C' | 'D' | 'E', string>): GradeOnScale[] => [
  { grade: 'A', wording: wording.A, level: 'satisfactory' },
  { grade: 'B', wording: wording.B, level: 'partially_satisfactory' },
  { grade: 'C', wording: wording.C, level: 'not_satisfactory' },
  { grade: 'D', wording: wording.D, level: 'no_reply' },
  { grade: 'E', wording: wording.E, level: 'contrary' },
];

/** CCPR's scale from 2008 to 2016: sub-grades with the level of their letter. */
const CCPR_SUB_GRADES: GradeOnScale[] = [
  {
    grade: 'B1',
    wording: 'Substantive action taken, but additional information required',
    level: 'partially_satisfactory',
  },
  {
    grade: 'B2',
    wording: 'Initial action taken, but additional information and measures required',
    level: 'partially_satisfactory',
  },
  {
    grade: 'C1',
    wording: 'Response received, but actions taken do not implement the recommendation',
    level: 'not_satisfactory',
  },
  { grade: 'C2', wording: 'Response received, but not relevant to the recommendation', level: 'not_satisfactory' },
  {
    grade: 'D1',
    wording: 'No response received within the deadline, or no reply to a specific question',
    level: 'no_reply',
  },
  { grade: 'D2', wording: 'No response received after one or more reminders', level: 'no_reply' },
];

const CAT_WORDING = {
  A: 'Substantive steps taken towards implementation',
  B: 'Initial steps taken towards implementation',
  C: 'Recommendation not implemented',
  D: 'No reply received',
  E: 'Measures taken are contrary to the recommendation',
} as const;

/** CEDAW numbers its five outcomes 1 to 5, in the order of the letters. */
const CEDAW_NUMBERS: GradeOnScale[] = letters(CCPR_WORDING).map((step, index) => ({
  ...step,
  grade: String(index + 1),
}));

/** The procedure most committees share: a reply due `months` after the adoption, graded A to E in the CCPR's words. */
const harmonised = (months: number): FollowUpRule['procedure'] => ({
  months,
  from: 'adoption',
  scale: letters(CCPR_WORDING),
});

const DOMAIN: Source = { title: 'docs/domain.md of this project (the follow-up cycle and grades)' };
const SECRETARIAT_NOTE: Source = {
  title:
    'Procedures of the human rights treaty bodies for following up on concluding observations, decisions and Views (note by the Secretariat)',
  symbol: 'HRI/MC/2017/4',
};

/**
 * Each body's follow-up procedure as data: its default deadline, its scale mapped onto the normalised levels, or
 * why it has none. A deadline given when the recommendation is selected always wins over the default.
 */
export const FOLLOW_UP_RULES: Readonly<Record<Mechanism, FollowUpRule>> = {
  CAT: {
    mechanism: 'CAT',
    procedure: { months: 12, from: 'session_end', scale: letters(CAT_WORDING) },
    sources: [
      {
        title: 'Committee against Torture, follow-up procedure (rule 72 of its rules of procedure)',
        url: 'https://www.ohchr.org/en/treaty-bodies/cat/follow-procedure',
      },
      { title: 'Guidelines for follow-up to concluding observations', symbol: 'CAT/C/55/3' },
      DOMAIN,
    ],
  },
  CCPR: {
    mechanism: 'CCPR',
    procedure: { months: 36, from: 'adoption', scale: [...letters(CCPR_WORDING), ...CCPR_SUB_GRADES] },
    sources: [
      {
        title: 'Note by the Human Rights Committee on the procedure for follow-up to concluding observations',
        symbol: 'CCPR/C/108/2',
      },
      {
        title: 'Report on follow-up to the concluding observations of the Human Rights Committee (assessment criteria)',
        symbol: 'CCPR/C/128/3',
      },
      {
        title: 'CCPR Centre, Follow-up and assessment (report back within 3 years; the 2008–2016 sub-grades)',
        url: 'https://ccprcentre.org/follow-up-and-assessment',
      },
    ],
  },
  CESCR: {
    mechanism: 'CESCR',
    procedure: harmonised(24),
    sources: [SECRETARIAT_NOTE],
  },
  CEDAW: {
    mechanism: 'CEDAW',
    procedure: { months: 24, from: 'adoption', scale: [...letters(CCPR_WORDING), ...CEDAW_NUMBERS] },
    sources: [
      {
        title:
          'CEDAW, Assessment of the follow-up procedure (adopted 11 November 2016): information within one or two years',
      },
      DOMAIN,
    ],
  },
  CERD: {
    mechanism: 'CERD',
    procedure: harmonised(12),
    sources: [SECRETARIAT_NOTE, DOMAIN],
  },
  CRC: {
    mechanism: 'CRC',
    procedure: null,
    without: 'the CRC has no follow-up procedure; it names areas where urgent measures must be taken',
    sources: [DOMAIN, SECRETARIAT_NOTE],
  },
  CRPD: {
    mechanism: 'CRPD',
    procedure: harmonised(12),
    sources: [SECRETARIAT_NOTE],
  },
  CED: {
    mechanism: 'CED',
    procedure: harmonised(12),
    sources: [SECRETARIAT_NOTE, DOMAIN],
  },
  CMW: {
    mechanism: 'CMW',
    procedure: harmonised(24),
    sources: [SECRETARIAT_NOTE, DOMAIN],
  },
  SPT: {
    mechanism: 'SPT',
    procedure: null,
    without:
      'the SPT adopts no concluding observations: its visit reports are answered by the State, outside this procedure',
    sources: [SECRETARIAT_NOTE],
  },
  UPR: {
    mechanism: 'UPR',
    procedure: null,
    without: 'the UPR works by cycles: positions on recommendations, voluntary mid-term reports, the next review',
    sources: [DOMAIN],
  },
  SP: {
    mechanism: 'SP',
    procedure: null,
    without:
      "special procedures follow up by communications (a reply asked within 60 days) and visits, not by a committee's selection",
    sources: [DOMAIN],
  },
};

/** The body's rule. */
export const followUpRuleOf = (mechanism: Mechanism): FollowUpRule => FOLLOW_UP_RULES[mechanism];

/** Whether the body selects recommendations for follow-up at all. */
export const hasFollowUpProcedure = (mechanism: Mechanism): boolean => FOLLOW_UP_RULES[mechanism].procedure !== null;

/** The grade on the body's scale, or undefined when the body does not grade so. */
export function gradeOnScale(mechanism: Mechanism, grade: string): GradeOnScale | undefined {
  return FOLLOW_UP_RULES[mechanism].procedure?.scale.find((step) => step.grade === grade);
}

/**
 * The body's default deadline: its months after the session's end (when the body counts from it and it is known),
 * else after the adoption. Undefined for a body without a procedure.
 */
export function defaultFollowUpDeadline(
  mechanism: Mechanism,
  dates: { adoptedOn: CalendarDate; sessionEndedOn?: CalendarDate },
): CalendarDate | undefined {
  const procedure = FOLLOW_UP_RULES[mechanism].procedure;
  if (!procedure) return undefined;
  const from = procedure.from === 'session_end' ? (dates.sessionEndedOn ?? dates.adoptedOn) : dates.adoptedOn;
  return addMonths(from, procedure.months);
}

/** A calendar day some months later; a day the month lacks (31 April, 29 February) becomes its last day. */
export function addMonths(day: CalendarDate, months: number): CalendarDate {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}
