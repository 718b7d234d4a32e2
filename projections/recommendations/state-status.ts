import type { Database, Statement } from 'better-sqlite3';
import { ASSESSMENT_LEVELS, IMPLEMENTATION_STATUSES, MECHANISMS, type Mechanism } from '../../src/domain/vocabulary.js';

export type ByStatus = { not_started: number; in_progress: number; implemented: number };
export type ByLevel = {
  satisfactory: number;
  partially_satisfactory: number;
  not_satisfactory: number;
  no_reply: number;
  contrary: number;
  not_assessed: number;
};

/** A State's implementation status as of a day (`GET /v1/states/{state}/status`); every count is present. */
export interface StateStatus {
  state: string;
  asOf: string;
  /** Global position of the last event the read models applied. */
  position: string;
  recommendations: number;
  byStatus: ByStatus;
  byLevel: ByLevel;
  /** All twelve mechanisms, with zeros where the State has no recommendation. */
  byMechanism: Record<Mechanism, { recommendations: number; byStatus: ByStatus }>;
  upr: { supported: number; supported_in_part: number; noted: number; pending: number };
  followUp: { selected: number; replied: number; overdue: number };
}

export interface StatesOverview {
  items: { state: string; recommendations: number; byStatus: ByStatus }[];
}

/** Counts per mechanism; SQLite's sum() of no rows is NULL, read as zero. */
type Counts = Record<string, number | null> & { mechanism: Mechanism };

// Only recommendations issued on or before the day count; each column is judged as of that day.
// MATERIALIZED: the latest-assessment subquery runs once a row, not once for each level counted.
const STATE_STATUS_SQL = `
  WITH asked AS MATERIALIZED (
    SELECT r.mechanism, r.follow_up_deadline AS deadline,
      -- restates statusOn(implementationTimeline(measures), day)
      CASE WHEN r.implemented_from <= :asOf THEN 'implemented'
           WHEN r.in_progress_from <= :asOf THEN 'in_progress' ELSE 'not_started' END AS status,
      -- restates assessmentOn(assessments, day): the latest by day, then the one recorded last
      (SELECT a.level FROM recommendation_assessments a
        WHERE a.recommendation_id = r.id AND a.assessed_on <= :asOf
        ORDER BY a.assessed_on DESC, a.seq DESC LIMIT 1) AS level,
      CASE WHEN r.responded_on <= :asOf THEN r.response_position ELSE 'pending' END AS response,
      coalesce(r.first_reply_on <= :asOf, 0) AS replied
    FROM recommendations r
    WHERE r.state = :state AND r.issued_on <= :asOf
  )
  SELECT mechanism, count(*) AS recommendations,
    sum(status = 'not_started') AS not_started, sum(status = 'in_progress') AS in_progress,
    sum(status = 'implemented') AS implemented,
    sum(level = 'satisfactory') AS satisfactory, sum(level = 'partially_satisfactory') AS partially_satisfactory,
    sum(level = 'not_satisfactory') AS not_satisfactory, sum(level = 'no_reply') AS no_reply,
    sum(level = 'contrary') AS contrary, sum(level IS NULL) AS not_assessed,
    sum(response = 'supported') AS supported, sum(response = 'supported_in_part') AS supported_in_part,
    sum(response = 'noted') AS noted, sum(response = 'pending') AS pending,
    sum(deadline IS NOT NULL) AS selected, sum(deadline IS NOT NULL AND replied) AS replied,
    -- restates followUpOverdue(followUp, replies, day)
    sum(deadline < :asOf AND NOT replied) AS overdue
  FROM asked GROUP BY mechanism
`;

const STATES_OVERVIEW_SQL = `
  SELECT state, count(*) AS recommendations,
    sum(status = 'not_started') AS not_started, sum(status = 'in_progress') AS in_progress,
    sum(status = 'implemented') AS implemented
  FROM recommendations GROUP BY state ORDER BY state
`;

const zeroStatus = (): ByStatus => ({ not_started: 0, in_progress: 0, implemented: 0 });

function byStatusOf(counts: Record<string, number | null>): ByStatus {
  const byStatus = zeroStatus();
  for (const status of IMPLEMENTATION_STATUSES) byStatus[status] = counts[status] ?? 0;
  return byStatus;
}

/** Statuses kept for repeated reads; the least recently computed is dropped first. */
const CACHED_STATUSES = 2_048;

/**
 * The per-State aggregates over one database, counted by SQL over effective dates, never by replaying. A status is
 * a function of the State, the day and the log up to `position`, so an answer computed at the current position is
 * served again until any event moves it (from this process or another), never longer.
 */
export class StateQueries {
  private readonly computed = new Map<string, StateStatus>();
  private readonly selectCounts: Statement<[{ state: string; asOf: string }], Counts>;
  private readonly selectOverview: Statement<[], Record<string, number | null> & { state: string }>;

  constructor(
    db: Database,
    private readonly currentPosition: () => string,
  ) {
    this.selectCounts = db.prepare(STATE_STATUS_SQL);
    this.selectOverview = db.prepare(STATES_OVERVIEW_SQL);
  }

  /** The State's status as of `asOf` (YYYY-MM-DD); a State with no data answers zeros. Callers must not mutate it. */
  stateStatus(state: string, asOf: string): StateStatus {
    const position = this.currentPosition();
    const key = `${state} ${asOf}`;
    const known = this.computed.get(key);
    if (known?.position === position) return known;
    const status = this.count(state, asOf, position);
    this.computed.delete(key);
    this.computed.set(key, status);
    if (this.computed.size > CACHED_STATUSES) this.computed.delete(this.computed.keys().next().value!);
    return status;
  }

  private count(state: string, asOf: string, position: string): StateStatus {
    const status: StateStatus = {
      state,
      asOf,
      position,
      recommendations: 0,
      byStatus: zeroStatus(),
      byLevel: { ...Object.fromEntries(ASSESSMENT_LEVELS.map((level) => [level, 0])), not_assessed: 0 } as ByLevel,
      byMechanism: Object.fromEntries(
        MECHANISMS.map((mechanism) => [mechanism, { recommendations: 0, byStatus: zeroStatus() }]),
      ) as StateStatus['byMechanism'],
      upr: { supported: 0, supported_in_part: 0, noted: 0, pending: 0 },
      followUp: { selected: 0, replied: 0, overdue: 0 },
    };
    for (const counts of this.selectCounts.all({ state, asOf })) {
      const recommendations = counts.recommendations ?? 0;
      const byStatus = byStatusOf(counts);
      status.byMechanism[counts.mechanism] = { recommendations, byStatus };
      status.recommendations += recommendations;
      addCounts(status.byStatus, counts);
      addCounts(status.byLevel, counts);
      addCounts(status.followUp, counts);
      if (counts.mechanism === 'UPR') addCounts(status.upr, counts);
    }
    return status;
  }

  /** Every State with recommendations, by State code, with its current status. */
  statesOverview(): StatesOverview {
    return {
      items: this.selectOverview.all().map((row) => ({
        state: row.state,
        recommendations: row.recommendations ?? 0,
        byStatus: byStatusOf(row),
      })),
    };
  }
}

/** Adds the counts named like the target's keys. */
function addCounts<Target extends Record<string, number>>(target: Target, counts: Record<string, number | null>): void {
  for (const key of Object.keys(target) as (keyof Target & string)[]) {
    (target as Record<string, number>)[key] = (target[key] ?? 0) + (counts[key] ?? 0);
  }
}
