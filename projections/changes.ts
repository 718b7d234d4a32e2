import type { Database, Statement } from 'better-sqlite3';
import type { PositionQueries } from './position.js';
import { recommendationsProjection } from './recommendations.js';
import { reportingCycleProjection } from './reporting-cycle.js';
import { communicationsProjection } from './special-procedures.js';

/** More events than this since the last look: they are not read one by one, every answer is taken as changed. */
const READ_AT_MOST = 2_000;

const quoted = (types: readonly string[]) => types.map((type) => `'${type.replaceAll("'", "''")}'`).join(', ');

/**
 * Where the answers that follow one State, or the recommendations, last changed: the position of the last event that
 * any of the read models they are counted from applied (a State's status: the recommendations, the reporting cycle
 * and the communications; a list or search page: the recommendations and the words searched, whose events are the
 * recommendations'), found by reading the log's events since the last look, a few after each write. An answer
 * counted at the read models' position is the same at every position from that one on: kept answers (docs/api.md,
 * "Caching") are tagged with it, so a measure on one State's recommendation leaves every other State's status, and
 * an event about anything but recommendations every search, as they were.
 *
 * Each event is given to the State its read model's row names (the recommendation's, the report's, the
 * communication's); one whose row is not found, or more events than `READ_AT_MOST` at once, count as changing every
 * State. A process starts from the position it first sees, as if everything had changed there. Without the log in
 * the same database (a remote store's replica), every answer follows the read models' position, as before.
 */
export class ReadModelChanges {
  private readonly since:
    | Statement<[bigint, bigint, number], { position: bigint; type: string; state: string | null }>
    | undefined;
  private readonly recommendationTypes: ReadonlySet<string>;
  /** The position last looked at, and what was found up to it. */
  private seen: string | undefined;
  private everyState = 0n;
  private readonly states = new Map<string, bigint>();
  private recommendations = 0n;

  constructor(
    db: Database,
    private readonly position: PositionQueries,
  ) {
    const recommendations = recommendationsProjection.handles;
    const reports = reportingCycleProjection.handles;
    const communications = communicationsProjection.handles;
    this.recommendationTypes = new Set(recommendations);
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    this.since = hasLog
      ? db
          .prepare<[bigint, bigint, number], { position: bigint; type: string; state: string | null }>(`
            SELECT e.position, e.type, CASE
              WHEN e.type IN (${quoted(recommendations)}) THEN
                (SELECT r.state FROM recommendations r WHERE r.id = e.data ->> '$.recommendationId')
              WHEN e.type IN (${quoted(reports)}) THEN
                (SELECT c.state FROM reporting_cycle c WHERE c.id = e.data ->> '$.reportId')
              ELSE (SELECT c.state FROM communications c WHERE c.id = e.data ->> '$.communicationId') END AS state
            FROM events e
            WHERE e.position > ? AND e.position <= ?
              AND e.type IN (${quoted([...recommendations, ...reports, ...communications])})
            ORDER BY e.position LIMIT ?
          `)
          .safeIntegers(true)
      : undefined;
  }

  /** The position from which the State's status (as of any day, from every event) has been what it is now. */
  stateStatus(state: string): string {
    const now = this.look();
    if (this.seen === undefined) return now;
    const own = this.states.get(state) ?? 0n;
    return String(own > this.everyState ? own : this.everyState);
  }

  /** The position from which every recommendation (its row, its view, its words searched) has been what it is now. */
  recommendationsChanged(): string {
    const now = this.look();
    return this.seen === undefined ? now : String(this.recommendations);
  }

  /** Reads the events applied since the last look; returns the read models' position. */
  private look(): string {
    const now = this.position.currentPosition();
    if (now === this.seen || !this.since) return now;
    const to = BigInt(now);
    if (this.seen === undefined || to < BigInt(this.seen)) {
      this.changedEverything(to);
    } else {
      const events = this.since.all(BigInt(this.seen), to, READ_AT_MOST + 1);
      if (events.length > READ_AT_MOST) this.changedEverything(to);
      else {
        for (const { position, type, state } of events) {
          if (this.recommendationTypes.has(type)) this.recommendations = position;
          if (state === null) this.everyState = position;
          else this.states.set(state, position);
        }
      }
    }
    this.seen = now;
    return now;
  }

  private changedEverything(at: bigint): void {
    this.states.clear();
    this.everyState = at;
    this.recommendations = at;
  }
}
