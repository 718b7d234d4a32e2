/** What is read of the special procedures: visits, communications, and a State's communication counts on a day. */
import type { Database, Statement } from 'better-sqlite3';
import { decodeCursorPair, keysetPage } from '../cursor.js';
import {
  type CommunicationCounts,
  type CommunicationFilter,
  type CommunicationRow,
  type CommunicationView,
  communicationView,
  type ReplyRow,
  STANDING,
} from './communications.js';
import type { CommunicationList, VisitList } from './schemas.js';
import type { VisitFilter, VisitRow, VisitView } from './visits.js';

export class SpecialProcedureQueries {
  private readonly visitById: Statement<[string], VisitRow>;
  private readonly visitRecommendations: Statement<
    [string],
    { recommendation_id: string; paragraph: string; issued_on: string }
  >;
  private readonly communicationById: Statement<[string], CommunicationRow>;
  private readonly repliesOf: Statement<[string], ReplyRow>;
  private readonly countsOf: Statement<
    { state: string; asOf: string; before: number },
    Record<keyof CommunicationCounts, number | null>
  >;

  constructor(private readonly db: Database) {
    this.visitById = db.prepare('SELECT * FROM visits WHERE id = ?');
    this.visitRecommendations = db.prepare(
      'SELECT recommendation_id, paragraph, issued_on FROM visit_recommendations WHERE visit_id = ? ORDER BY position',
    );
    this.communicationById = db.prepare('SELECT * FROM communications WHERE id = ?');
    this.repliesOf = db.prepare(
      'SELECT * FROM communication_replies WHERE communication_id = ? ORDER BY received_on, seq',
    );
    this.countsOf = db.prepare(`
      SELECT count(*) AS sent, sum(standing = 'pending') AS pending, sum(standing = 'overdue') AS overdue,
        sum(standing = 'replied') AS repliedOnTime, sum(standing = 'replied_late') AS repliedLate
      FROM (SELECT ${STANDING} AS standing FROM (
        SELECT c.reply_due_on, (SELECT min(r.received_on) FROM communication_replies r
            WHERE r.communication_id = c.id AND r.recorded_at < :before) AS first_replied_on
        FROM communications c WHERE c.state = :state AND c.sent_on <= :asOf AND c.recorded_at < :before))
    `);
  }

  visit(id: string): VisitView | undefined {
    const row = this.visitById.get(id);
    return row && this.visitView(row);
  }

  /** Visits, the latest first; a page of `limit` after the cursor. */
  visits(filter: VisitFilter): VisitList {
    const { where, params, given } = conditions([], { limit: filter.limit + 1 });
    given('state = :state', { state: filter.state });
    given('mandate = :mandate', { mandate: filter.mandate });
    if (filter.cursor !== undefined) {
      const [startedOn, id] = decodeCursorPair(filter.cursor, '|');
      given('(started_on < :startedOn OR (started_on = :startedOn AND id > :id))', { startedOn, id });
    }
    const rows = this.db
      .prepare<Params, VisitRow>(
        `SELECT * FROM visits ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_on DESC, id LIMIT :limit`,
      )
      .all(params);
    const { page, next } = keysetPage(rows, filter.limit, (row) => `${row.started_on}|${row.id}`);
    return { items: page.map((row) => this.visitView(row)), next };
  }

  /** One communication as it stood on a day; undefined when unknown or not yet sent then. */
  communication(id: string, asOf: string): CommunicationView | undefined {
    const row = this.communicationById.get(id);
    if (!row || row.sent_on > asOf) return undefined;
    return communicationView(row, this.repliesOf.all(id), asOf);
  }

  /** Whether a communication of this id was recorded, whatever the day. */
  communicationExists(id: string): boolean {
    return this.communicationById.get(id) !== undefined;
  }

  /** Communications sent on or before the day, the reply due first first; a page of `limit` after the cursor. */
  communications(filter: CommunicationFilter): CommunicationList {
    const { where, params, given } = conditions(['sent_on <= :asOf'], { asOf: filter.asOf, limit: filter.limit + 1 });
    given('state = :state', { state: filter.state });
    given('kind = :kind', { kind: filter.kind });
    given('EXISTS (SELECT 1 FROM json_each(communications.mandates) WHERE value = :mandate)', {
      mandate: filter.mandate,
    });
    if (filter.standing !== undefined && filter.standing.length > 0) {
      const names = filter.standing.map((standing, i) => {
        params[`standing${i}`] = standing;
        return `:standing${i}`;
      });
      where.push(`(${STANDING}) IN (${names.join(', ')})`);
    }
    if (filter.cursor !== undefined) {
      const [dueOn, id] = decodeCursorPair(filter.cursor, '|');
      given('(reply_due_on > :dueOn OR (reply_due_on = :dueOn AND id > :id))', { dueOn, id });
    }
    const rows = this.db
      .prepare<Params, CommunicationRow>(
        `SELECT * FROM communications WHERE ${where.join(' AND ')} ORDER BY reply_due_on, id LIMIT :limit`,
      )
      .all(params);
    const { page, next } = keysetPage(rows, filter.limit, (row) => `${row.reply_due_on}|${row.id}`);
    const replies = this.repliesOfAll(page.map((row) => row.id));
    return { items: page.map((row) => communicationView(row, replies.get(row.id) ?? [], filter.asOf)), next };
  }

  /**
   * A State's communications on a day, counted by where their reply stands; from every event recorded, or only from
   * those recorded before the instant `recordedBefore` (milliseconds).
   */
  counts(state: string, asOf: string, recordedBefore?: number): CommunicationCounts {
    const row = this.countsOf.get({ state, asOf, before: recordedBefore ?? Number.MAX_SAFE_INTEGER })!;
    return {
      sent: row.sent ?? 0,
      pending: row.pending ?? 0,
      overdue: row.overdue ?? 0,
      repliedOnTime: row.repliedOnTime ?? 0,
      repliedLate: row.repliedLate ?? 0,
    };
  }

  private repliesOfAll(ids: readonly string[]): Map<string, ReplyRow[]> {
    const found = new Map<string, ReplyRow[]>();
    for (const id of ids) found.set(id, this.repliesOf.all(id));
    return found;
  }

  private visitView(row: VisitRow): VisitView {
    return {
      id: row.id,
      mandate: row.mandate,
      state: row.state,
      startedOn: row.started_on,
      endedOn: row.ended_on,
      ...(row.report_symbol !== null && {
        report: { symbol: row.report_symbol, publishedOn: row.report_published_on!, position: row.report_position! },
      }),
      recommendations: this.visitRecommendations
        .all(row.id)
        .map((r) => ({ id: r.recommendation_id, paragraph: r.paragraph, issuedOn: r.issued_on })),
      position: row.position,
      revision: row.revision,
    };
  }
}

type Params = Record<string, string | number>;

/**
 * A list's SQL conditions and their parameters, from those every page has: `given` adds a condition with its
 * parameters when the filter gives them all, and nothing when one is absent.
 */
function conditions(where: string[], params: Params) {
  const given = (condition: string, values: Record<string, string | number | undefined>): void => {
    if (Object.values(values).some((value) => value === undefined)) return;
    where.push(condition);
    Object.assign(params, values);
  };
  return { where, params, given };
}
