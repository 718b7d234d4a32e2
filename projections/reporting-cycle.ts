import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { daysPast, NEXT_REPORT_STANDINGS, nextReportStanding } from '../src/domain/report/cycle.js';
import { LIST_OF_ISSUES_KINDS, type ReportEvent } from '../src/domain/report/events.js';
import { Mechanism } from '../src/domain/vocabulary.js';
import { decodeCursorPair, keysetPage } from './cursor.js';
import { recordedMs } from './position.js';
import { type Projection, projection } from './projection.js';
import { revisionGuarded } from './revision-guard.js';

/**
 * The reporting cycle of each report (`GET /v1/states/{state}/reporting`, `GET /v1/reports/overdue`, the overdue
 * reports of a State's status): its list of issues or list prior to reporting, the State's replies, the dialogue's
 * days, the concluding observations and the day they set for the next report, each judged on the day asked.
 */
export const ReportCycle = z.object({
  reportId: z.string(),
  mechanism: Mechanism,
  cycle: z.number().int(),
  symbol: z.string(),
  procedure: z.string(),
  submittedOn: z.string(),
  listOfIssues: z
    .object({ kind: z.enum(LIST_OF_ISSUES_KINDS), symbol: z.string(), adoptedOn: z.string() })
    .optional()
    .describe('list_of_issues (standard procedure) or list_of_issues_prior_to_reporting (simplified)'),
  listOfIssuesReplies: z.object({ symbol: z.string(), receivedOn: z.string() }).optional(),
  dialogue: z.object({ session: z.number().int(), presentedOn: z.string(), endedOn: z.string().optional() }).optional(),
  concludingObservations: z.object({ symbol: z.string(), adoptedOn: z.string() }).optional(),
  nextReport: z
    .object({
      due: z.string(),
      standing: z.enum(NEXT_REPORT_STANDINGS),
      submitted: z.object({ reportId: z.string(), symbol: z.string(), submittedOn: z.string() }).optional(),
    })
    .optional()
    .describe('set by the concluding observations; standing judged on asOf'),
});
export type ReportCycle = z.infer<typeof ReportCycle>;

/** A report whose successor is overdue on the day asked. */
export const OverdueReport = z.object({
  state: z.string(),
  mechanism: Mechanism,
  reportId: z.string().describe('the last report, whose concluding observations set the due day'),
  symbol: z.string(),
  concludingObservations: z.string().describe("the observations' symbol"),
  due: z.string(),
  daysOverdue: z.number().int().describe('days from the due day to asOf'),
});
export type OverdueReport = z.infer<typeof OverdueReport>;

/** A State's reporting calendar on a day. */
export const ReportingCalendar = z.object({
  state: z.string(),
  asOf: z.string(),
  position: z.string().describe('global position of the last event the read models applied'),
  reports: z
    .array(ReportCycle)
    .describe('by mechanism, then as submitted; at most 1000 (the latest of each mechanism first kept)'),
  overdue: z.array(OverdueReport).describe('the next reports overdue on asOf, at most one per mechanism'),
});
export type ReportingCalendar = z.infer<typeof ReportingCalendar>;

export const OverdueReportsPage = z.object({
  asOf: z.string(),
  position: z.string(),
  items: z.array(OverdueReport).describe('by due day, longest overdue first, then by report id'),
  next: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});
export type OverdueReportsPage = z.infer<typeof OverdueReportsPage>;

export interface CycleRow {
  id: string;
  state: string;
  mechanism: Mechanism;
  cycle: number;
  symbol: string;
  procedure: string;
  submitted_on: string;
  list_kind: (typeof LIST_OF_ISSUES_KINDS)[number] | null;
  list_symbol: string | null;
  list_adopted_on: string | null;
  replies_symbol: string | null;
  replies_received_on: string | null;
  session: number | null;
  presented_on: string | null;
  dialogue_ended_on: string | null;
  co_symbol: string | null;
  co_adopted_on: string | null;
  next_report_due: string | null;
}

interface OverdueRow {
  id: string;
  state: string;
  mechanism: Mechanism;
  symbol: string;
  co_symbol: string;
  next_report_due: string;
}

/**
 * The events of a report's stream: the reporting cycle reads each; the reports read model moves the report's revision
 * with each.
 */
export const REPORT_EVENT_TYPES: readonly ReportEvent['type'][] = [
  'ReportSubmitted',
  'ReportPresented',
  'ConcludingObservationsAdopted',
  'ListOfIssuesAdopted',
  'ListOfIssuesRepliesReceived',
];

export const reportingCycleProjection: Projection = projection({
  name: 'reporting-cycle',
  byStream: true,
  handles: REPORT_EVENT_TYPES,
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS reporting_cycle (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        mechanism TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        procedure TEXT NOT NULL,
        submitted_on TEXT NOT NULL,
        submitted_at INTEGER NOT NULL,
        list_kind TEXT,
        list_symbol TEXT,
        list_adopted_on TEXT,
        replies_symbol TEXT,
        replies_received_on TEXT,
        session INTEGER,
        presented_on TEXT,
        dialogue_ended_on TEXT,
        co_symbol TEXT,
        co_adopted_on TEXT,
        co_at INTEGER,
        next_report_due TEXT,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reporting_cycle_by_state ON reporting_cycle (state, mechanism, submitted_on);
      CREATE INDEX IF NOT EXISTS reporting_cycle_by_due ON reporting_cycle (next_report_due, id)
        WHERE next_report_due IS NOT NULL;
    `);
  },
  bind(db) {
    // Each write is guarded by the stream revision, so an event applied twice changes nothing.
    const submit = db.prepare(`
      INSERT OR IGNORE INTO reporting_cycle
        (id, state, mechanism, cycle, symbol, procedure, submitted_on, submitted_at, revision)
      VALUES (:id, :state, :mechanism, :cycle, :symbol, :procedure, :submittedOn, :at, :revision)
    `);
    const update = (columns: string) => revisionGuarded(db, 'reporting_cycle', columns);
    const present = update('session = :session, presented_on = :presentedOn, dialogue_ended_on = :endedOn');
    const conclude = update('co_symbol = :symbol, co_adopted_on = :adoptedOn, co_at = :at, next_report_due = :due');
    const list = update('list_kind = :kind, list_symbol = :symbol, list_adopted_on = :adoptedOn');
    const replies = update('replies_symbol = :symbol, replies_received_on = :receivedOn');

    return (event) => {
      const { revision } = event;
      const at = recordedMs(event.metadata.recordedAt);
      switch (event.type) {
        case 'ReportSubmitted': {
          const { reportId, state, mechanism, cycle, symbol, procedure, submittedOn } = event.data;
          submit.run({ id: reportId, state, mechanism, cycle, symbol, procedure, submittedOn, at, revision });
          return;
        }
        case 'ReportPresented': {
          const { reportId, session, presentedOn, dialogueEndedOn } = event.data;
          present.run({ id: reportId, session, presentedOn, endedOn: dialogueEndedOn ?? null, revision });
          return;
        }
        case 'ConcludingObservationsAdopted': {
          const { reportId, symbol, adoptedOn, nextReportDue } = event.data;
          conclude.run({ id: reportId, symbol, adoptedOn, at, due: nextReportDue ?? null, revision });
          return;
        }
        case 'ListOfIssuesAdopted': {
          const { reportId, kind, symbol, adoptedOn } = event.data;
          list.run({ id: reportId, kind, symbol, adoptedOn, revision });
          return;
        }
        case 'ListOfIssuesRepliesReceived': {
          const { reportId, symbol, receivedOn } = event.data;
          replies.run({ id: reportId, symbol, receivedOn, revision });
          return;
        }
      }
    };
  },
});

/** Reports listed in a State's calendar at most. */
const CALENDAR_LIMIT = 1000;

// Restates nextReportOverdue: the due day set by observations adopted by then is strictly before the day, and no later
// report of the same State to the same body was submitted on or before it. `:before` (milliseconds) keeps what was
// recorded before an instant; the largest integer keeps everything.
const OVERDUE = `
  r.next_report_due IS NOT NULL AND r.co_adopted_on <= :asOf AND r.next_report_due < :asOf
    AND r.co_at < :before AND r.submitted_at < :before
    AND NOT EXISTS (SELECT 1 FROM reporting_cycle l WHERE l.state = r.state AND l.mechanism = r.mechanism
      AND l.submitted_on > r.submitted_on AND l.submitted_on <= :asOf AND l.submitted_at < :before)`;

const EVERYTHING = Number.MAX_SAFE_INTEGER;

export interface OverdueReportsFilter {
  asOf: string;
  state?: string | undefined;
  mechanism?: Mechanism | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The reporting-cycle queries over one database. */
export class ReportingCycleQueries {
  private readonly selectOne: Statement<[string], CycleRow>;
  private readonly selectCalendar: Statement<[{ state: string; asOf: string; limit: number }], CycleRow>;
  private readonly selectOverdueOf: Statement<[{ state: string; asOf: string; before: number }], OverdueRow>;
  private readonly selectOverdue: Statement<[Record<string, string | number | null>], OverdueRow>;

  constructor(db: Database) {
    this.selectOne = db.prepare('SELECT * FROM reporting_cycle WHERE id = ?');
    // A report enters the calendar on the day it was submitted, or on the day its list prior to reporting was adopted.
    this.selectCalendar = db.prepare(`
      SELECT * FROM (
        SELECT * FROM reporting_cycle
        WHERE state = :state AND (submitted_on <= :asOf OR list_adopted_on <= :asOf)
        ORDER BY submitted_on DESC, id DESC LIMIT :limit
      ) ORDER BY mechanism, submitted_on, id
    `);
    this.selectOverdueOf = db.prepare(`
      SELECT r.id, r.state, r.mechanism, r.symbol, r.co_symbol, r.next_report_due FROM reporting_cycle r
      WHERE r.state = :state AND ${OVERDUE}
      ORDER BY r.mechanism, r.next_report_due, r.id
    `);
    this.selectOverdue = db.prepare(`
      SELECT r.id, r.state, r.mechanism, r.symbol, r.co_symbol, r.next_report_due FROM reporting_cycle r
      WHERE ${OVERDUE}
        AND (:state IS NULL OR r.state = :state) AND (:mechanism IS NULL OR r.mechanism = :mechanism)
        AND (:afterDue IS NULL OR (r.next_report_due, r.id) > (:afterDue, :afterId))
      ORDER BY r.next_report_due, r.id LIMIT :limit
    `);
  }

  /** The reporting cycle of one report as recorded (every fact, whatever its day), or undefined. */
  cycleOf(reportId: string): CycleRow | undefined {
    return this.selectOne.get(reportId);
  }

  /** The State's reports on `asOf`: each with the facts effective by then, and where its next report stands. */
  calendar(state: string, asOf: string, position: string): ReportingCalendar {
    const rows = this.selectCalendar.all({ state, asOf, limit: CALENDAR_LIMIT });
    const reports = rows.map((row) => cycleView(row, asOf, rows));
    return { state, asOf, position, reports, overdue: this.overdueOf(state, asOf) };
  }

  /** The State's next reports overdue on `asOf`; with `recordedBefore` (milliseconds), as recorded before it. */
  overdueOf(state: string, asOf: string, recordedBefore: number = EVERYTHING): OverdueReport[] {
    return this.selectOverdueOf.all({ state, asOf, before: recordedBefore }).map((row) => overdueView(row, asOf));
  }

  /** Overdue next reports across States, longest overdue first, a page after a cursor. */
  overdue(filter: OverdueReportsFilter, position: string): OverdueReportsPage {
    const after = filter.cursor === undefined ? undefined : decodeCursorPair(filter.cursor, ' ');
    const rows = this.selectOverdue.all({
      asOf: filter.asOf,
      before: EVERYTHING,
      state: filter.state ?? null,
      mechanism: filter.mechanism ?? null,
      afterDue: after?.[0] ?? null,
      afterId: after?.[1] ?? null,
      limit: filter.limit + 1,
    });
    const { page, next } = keysetPage(rows, filter.limit, (row) => `${row.next_report_due} ${row.id}`);
    return { asOf: filter.asOf, position, items: page.map((row) => overdueView(row, filter.asOf)), next };
  }
}

function overdueView(row: OverdueRow, asOf: string): OverdueReport {
  return {
    state: row.state,
    mechanism: row.mechanism,
    reportId: row.id,
    symbol: row.symbol,
    concludingObservations: row.co_symbol,
    due: row.next_report_due,
    daysOverdue: daysPast(row.next_report_due, asOf),
  };
}

/** The part of a report's cycle effective on `asOf`; `rows` are the State's other reports, for the next one. */
function cycleView(row: CycleRow, asOf: string, rows: readonly CycleRow[]): ReportCycle {
  const on = (day: string | null): day is string => day !== null && day <= asOf;
  const view: ReportCycle = {
    reportId: row.id,
    mechanism: row.mechanism,
    cycle: row.cycle,
    symbol: row.symbol,
    procedure: row.procedure,
    submittedOn: row.submitted_on,
  };
  if (row.list_kind !== null && row.list_symbol !== null && on(row.list_adopted_on)) {
    view.listOfIssues = { kind: row.list_kind, symbol: row.list_symbol, adoptedOn: row.list_adopted_on };
  }
  if (row.replies_symbol !== null && on(row.replies_received_on)) {
    view.listOfIssuesReplies = { symbol: row.replies_symbol, receivedOn: row.replies_received_on };
  }
  if (row.session !== null && on(row.presented_on)) {
    view.dialogue = {
      session: row.session,
      presentedOn: row.presented_on,
      ...(on(row.dialogue_ended_on) && { endedOn: row.dialogue_ended_on }),
    };
  }
  if (row.co_symbol !== null && on(row.co_adopted_on)) {
    view.concludingObservations = { symbol: row.co_symbol, adoptedOn: row.co_adopted_on };
    if (row.next_report_due !== null) {
      const later = rows
        .filter((other) => other.mechanism === row.mechanism && other.submitted_on > row.submitted_on)
        .map((other) => ({ reportId: other.id, symbol: other.symbol, submittedOn: other.submitted_on }))
        .sort((a, b) => (a.submittedOn < b.submittedOn ? -1 : a.submittedOn > b.submittedOn ? 1 : 0));
      const standing = nextReportStanding(row.next_report_due, later, asOf);
      const submitted = later.find((report) => report.submittedOn <= asOf);
      view.nextReport = { due: row.next_report_due, standing, ...(submitted && { submitted }) };
    }
  }
  return view;
}
