import { z } from 'zod';
import { PriorityDesignation } from '../domain/procedure/priority.js';
import { StateInput } from '../domain/state-names.js';
import {
  ASSESSMENT_LEVELS,
  CalendarDate,
  Commitment,
  ImplementationStatus,
  MandateId,
  Mechanism,
  UprCycle,
  UprPosition,
} from '../domain/vocabulary.js';
import { LogPosition } from '../eventstore/port.js';

/** Response and parameter schemas: they document the API in /openapi.json. */

/** Read-your-writes: the position a command answered (taken off the query by the hook in min-position.ts). */
export const MinPosition = LogPosition.optional().describe('wait until the read models reach this position');

export { CheckpointView, ConsistencyProofView, InclusionProofView } from '../app/checkpoints/views.js';

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details, served as application/problem+json');

export const CommandAccepted = z.object({
  id: z.string().describe('id of the report or recommendation the command changed'),
  revision: z.number().int().describe('0-based revision of its stream after the append'),
  position: z.string().describe('global position of the last appended event (a string: it may exceed 2^53)'),
  events: z.array(z.string()).describe('types of the appended events'),
});

/** An id can name a stream: URL-safe characters only, so an odd one is refused here, not by the store. */
export const ResourceId = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/, 'must be an id: letters, digits and . _ : @ + - only'),
});

export {
  MeasurePage,
  MeasureView,
  RecommendationPage,
  RecommendationView,
} from '../../projections/recommendations/schemas.js';
export { ReportView } from '../../projections/reports.js';

export const HistoryQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(-1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(-1)
    .describe('a revision: the events after it (the next of the previous page)'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  minPosition: MinPosition,
});

export const MeasurePageQuery = z.strictObject({
  after: z.coerce.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).default(-1).describe('the cursor of a page'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  minPosition: MinPosition,
});

/** `?lang=`: a BCP 47 language tag (fr, es-MX); its primary subtag picks the text. */
export const LangParam = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: 'must be a language tag such as fr or es-MX' })
  .optional()
  .describe('the language of the text: en (the original), fr or es; wins over Accept-Language');

export const RecommendationQuery = z.strictObject({
  state: StateInput.optional(),
  mechanism: Mechanism.optional(),
  status: ImplementationStatus.optional(),
  level: z.enum([...ASSESSMENT_LEVELS, 'not_assessed']).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only those overdue today; false: only the others'),
  theme: z.string().min(1).max(200).optional(),
  mandate: MandateId.optional().describe('special procedures: a mandate, e.g. torture or country-blr'),
  uprCycle: z.coerce.number().pipe(UprCycle).optional().describe('UPR: the cycle, 1 to 4'),
  priority: PriorityDesignation.optional().describe("the body's designation: urgent_measures (CRC) or priority"),
  commitment: Commitment.optional(),
  leadInstitution: z.string().min(1).max(200).optional().describe('id of the lead institution now'),
  lang: LangParam,
  sdg: z
    .string()
    .regex(/^\d{1,2}(?:\.[0-9a-z]{1,2})?$/, 'must be an SDG goal (16) or target (16.3, 16.a)')
    .optional()
    .describe('an SDG target (16.3) or a goal (16: every target of it)'),
  affectedPersons: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('a group of persons concerned, as the source names it'),
  position: UprPosition.optional().describe('UPR: the position the State last gave'),
  yearFrom: z.coerce.number().int().min(1945).max(2100).optional().describe('issued in this year or later'),
  yearTo: z.coerce.number().int().min(1945).max(2100).optional().describe('issued in this year or earlier'),
  q: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'full-text search (SQLite FTS5): words (English stems, any case, accents ignored), "a phrase", prefix*, AND / OR / NOT, NEAR(a b, 5), ( ); the answer is ranked by bm25 and carries facets',
    ),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(400).optional(),
  minPosition: MinPosition,
});

/** Where to read the log from, and which of its events. */
export const LogQuery = z.strictObject({
  after: LogPosition.optional().describe('exclusive; default: from the start'),
  type: z
    .string()
    .regex(/^[A-Za-z]{1,64}$/)
    .optional(),
  stream: z.string().min(1).max(300).optional(),
});

export const StateParam = z.object({ state: StateInput });

export const StateStatusQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('the day the status is asked about; default today (UTC)'),
  recordedBefore: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .optional()
    .describe('only what was recorded before this instant (ISO date-time, or a date: its midnight UTC); a replay'),
  minPosition: MinPosition,
});

export { StateStatus, StatesOverview } from '../../projections/recommendations/state-status.js';
export { OverdueReportsPage, ReportingCalendar } from '../../projections/reporting-cycle.js';

export const ReportingCalendarQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('the day the calendar is judged on; default today (UTC)'),
  minPosition: MinPosition,
});

export const OverdueReportsQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('the day overdue is judged on; default today (UTC)'),
  state: StateInput.optional(),
  mechanism: Mechanism.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(400).optional(),
  minPosition: MinPosition,
});

/** The query string of a command: none. */
export const NoQuery = z.strictObject({}).describe('commands take no query parameter');

export const ReadQuery = z.strictObject({
  minPosition: MinPosition,
});
