import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { LIST_OF_ISSUES_KINDS } from '../src/domain/report/events.js';
import { Mechanism } from '../src/domain/vocabulary.js';
import { type Projection, projection } from './projection.js';
import { REPORT_EVENT_TYPES, type ReportingCycleQueries } from './reporting-cycle.js';
import { revisionGuarded } from './revision-guard.js';

/**
 * A report as `GET /v1/reports/{id}` serves it; absent optional parts are omitted. The one definition of this
 * shape: the route answers with it and documents it in the OpenAPI, the type is derived from it.
 */
export const ReportView = z.object({
  id: z.string(),
  state: z.string(),
  mechanism: Mechanism,
  cycle: z.number().int(),
  symbol: z.string(),
  submittedOn: z.string(),
  procedure: z.string(),
  presentation: z
    .object({
      session: z.number().int(),
      presentedOn: z.string(),
      dialogueEndedOn: z.string().optional().describe("the dialogue's last day, when it ran over several days"),
      delegationHead: z.string().optional(),
    })
    .optional(),
  concludingObservations: z
    .object({
      symbol: z.string(),
      adoptedOn: z.string(),
      nextReportDue: z.string().optional().describe('the day they set for the next periodic report'),
    })
    .optional(),
  listOfIssues: z
    .object({ kind: z.enum(LIST_OF_ISSUES_KINDS), symbol: z.string(), adoptedOn: z.string() })
    .optional()
    .describe('list_of_issues (standard procedure) or list_of_issues_prior_to_reporting (simplified)'),
  listOfIssuesReplies: z
    .object({ symbol: z.string(), receivedOn: z.string() })
    .optional()
    .describe("the State's replies to the list of issues (standard procedure)"),
  recommendationIds: z.array(z.string()).describe('recommendations issued from this report, in the order issued'),
  revision: z.number().int().describe("revision of the report stream's last event"),
});
export type ReportView = z.infer<typeof ReportView>;

interface ReportRow {
  id: string;
  state: string;
  /** Written from a decided event: always one of the mechanisms. */
  mechanism: Mechanism;
  cycle: number;
  symbol: string;
  submitted_on: string;
  procedure: string;
  session: number | null;
  presented_on: string | null;
  delegation_head: string | null;
  co_symbol: string | null;
  co_adopted_on: string | null;
  revision: number;
}

export const reportsProjection: Projection = projection({
  name: 'reports',
  handles: [...REPORT_EVENT_TYPES, 'RecommendationIssued'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        mechanism TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        symbol TEXT NOT NULL,
        submitted_on TEXT NOT NULL,
        procedure TEXT NOT NULL,
        session INTEGER,
        presented_on TEXT,
        delegation_head TEXT,
        co_symbol TEXT,
        co_adopted_on TEXT,
        revision INTEGER NOT NULL
      );
      -- seq keeps the order recommendations were issued in (the log's order, so a rebuild keeps it).
      CREATE TABLE IF NOT EXISTS report_recommendations (
        seq INTEGER PRIMARY KEY,
        recommendation_id TEXT NOT NULL UNIQUE,
        report_id TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS report_recommendations_by_report ON report_recommendations (report_id, seq);
    `);
  },
  bind(db) {
    // Each write is guarded by the stream revision, so an event applied twice changes nothing.
    const submit = db.prepare(`
      INSERT OR IGNORE INTO reports (id, state, mechanism, cycle, symbol, submitted_on, procedure, revision)
      VALUES (:id, :state, :mechanism, :cycle, :symbol, :submittedOn, :procedure, :revision)
    `);
    const present = revisionGuarded(
      db,
      'reports',
      'session = :session, presented_on = :presentedOn, delegation_head = :delegationHead',
    );
    const adopt = revisionGuarded(db, 'reports', 'co_symbol = :symbol, co_adopted_on = :adoptedOn');
    // The reporting cycle's read model keeps the list of issues and the replies; here they move the revision alone.
    const touch = revisionGuarded(db, 'reports');
    const link = db.prepare(`
      INSERT OR IGNORE INTO report_recommendations (recommendation_id, report_id) VALUES (:recommendationId, :reportId)
    `);

    return (event) => {
      const revision = event.revision;
      switch (event.type) {
        case 'ReportSubmitted': {
          const data = event.data;
          submit.run({ ...data, id: data.reportId, revision });
          return;
        }
        case 'ReportPresented': {
          const data = event.data;
          const { session, presentedOn } = data;
          present.run({
            id: data.reportId,
            session,
            presentedOn,
            delegationHead: data.delegationHead ?? null,
            revision,
          });
          return;
        }
        case 'ConcludingObservationsAdopted': {
          const data = event.data;
          adopt.run({ id: data.reportId, symbol: data.symbol, adoptedOn: data.adoptedOn, revision });
          return;
        }
        case 'ListOfIssuesAdopted':
        case 'ListOfIssuesRepliesReceived':
          touch.run({ id: event.data.reportId, revision });
          return;
        case 'RecommendationIssued': {
          const data = event.data;
          if (data.reportId !== undefined)
            link.run({ recommendationId: data.recommendationId, reportId: data.reportId });
          return;
        }
      }
    };
  },
});

/** The report queries over one database. */
export class ReportQueries {
  private readonly selectReport: Statement<[string], ReportRow>;
  private readonly selectRecommendationIds: Statement<[string], string>;

  constructor(
    db: Database,
    private readonly cycle: ReportingCycleQueries,
  ) {
    this.selectReport = db.prepare('SELECT * FROM reports WHERE id = ?');
    this.selectRecommendationIds = db
      .prepare<[string], string>(
        'SELECT recommendation_id FROM report_recommendations WHERE report_id = ? ORDER BY seq',
      )
      .pluck();
  }

  /** The report, or undefined when no report has this id. */
  getReport(id: string): ReportView | undefined {
    const row = this.selectReport.get(id);
    if (!row) return undefined;
    const cycle = this.cycle.cycleOf(id);
    const presentation =
      row.session !== null && row.presented_on !== null
        ? {
            session: row.session,
            presentedOn: row.presented_on,
            ...(cycle?.dialogue_ended_on && { dialogueEndedOn: cycle.dialogue_ended_on }),
            ...(row.delegation_head !== null && { delegationHead: row.delegation_head }),
          }
        : undefined;
    return {
      id: row.id,
      state: row.state,
      mechanism: row.mechanism,
      cycle: row.cycle,
      symbol: row.symbol,
      submittedOn: row.submitted_on,
      procedure: row.procedure,
      ...(presentation && { presentation }),
      ...(row.co_symbol !== null &&
        row.co_adopted_on !== null && {
          concludingObservations: {
            symbol: row.co_symbol,
            adoptedOn: row.co_adopted_on,
            ...(cycle?.next_report_due && { nextReportDue: cycle.next_report_due }),
          },
        }),
      ...(cycle?.list_kind &&
        cycle.list_symbol &&
        cycle.list_adopted_on && {
          listOfIssues: { kind: cycle.list_kind, symbol: cycle.list_symbol, adoptedOn: cycle.list_adopted_on },
        }),
      ...(cycle?.replies_symbol &&
        cycle.replies_received_on && {
          listOfIssuesReplies: { symbol: cycle.replies_symbol, receivedOn: cycle.replies_received_on },
        }),
      recommendationIds: this.selectRecommendationIds.all(id),
      revision: row.revision,
    };
  }
}
