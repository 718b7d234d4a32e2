/** What is read of the special procedures: visits, communications, and a State's communication counts on a day. */
import type { Database, Statement } from 'better-sqlite3';
import { decodeCursorPair, encodeCursor } from '../cursor.js';
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
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: filter.limit + 1 };
    if (filter.state !== undefined) {
      where.push('state = :state');
      params.state = filter.state;
    }
    if (filter.mandate !== undefined) {
      where.push('mandate = :mandate');
      params.mandate = filter.mandate;
    }
    if (filter.cursor !== undefined) {
      const [startedOn, id] = decodeCursorPair(filter.cursor, '|');
      where.push('(started_on < :startedOn OR (started_on = :startedOn AND id > :id))');
      Object.assign(params, { startedOn, id });
    }
    const rows = this.db
      .prepare<Record<string, string | number>, VisitRow>(
        `SELECT * FROM visits ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_on DESC, id LIMIT :limit`,
      )
      .all(params);
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => this.visitView(row)),
      next: rows.length > filter.limit && last ? encodeCursor(`${last.started_on}|${last.id}`) : null,
    };
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
    const where = ['sent_on <= :asOf'];
    const params: Record<string, string | number> = { asOf: filter.asOf, limit: filter.limit + 1 };
    if (filter.state !== undefined) {
      where.push('state = :state');
      params.state = filter.state;
    }
    if (filter.kind !== undefined) {
      where.push('kind = :kind');
      params.kind = filter.kind;
    }
    if (filter.mandate !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(communications.mandates) WHERE value = :mandate)');
      params.mandate = filter.mandate;
    }
    if (filter.standing !== undefined && filter.standing.length > 0) {
      const names = filter.standing.map((standing, i) => {
        params[`standing${i}`] = standing;
        return `:standing${i}`;
      });
      where.push(`(${STANDING}) IN (${names.join(', ')})`);
    }
    if (filter.cursor !== undefined) {
      const [dueOn, id] = decodeCursorPair(filter.cursor, '|');
      where.push('(reply_due_on > :dueOn OR (reply_due_on = :dueOn AND id > :id))');
      Object.assign(params, { dueOn, id });
    }
    const rows = this.db
      .prepare<Record<string, string | number>, CommunicationRow>(
        `SELECT * FROM communications WHERE ${where.join(' AND ')} ORDER BY reply_due_on, id LIMIT :limit`,
      )
      .all(params);
    const page = rows.slice(0, filter.limit);
    const replies = this.repliesOfAll(page.map((row) => row.id));
    const last = page.at(-1);
    return {
      items: page.map((row) => communicationView(row, replies.get(row.id) ?? [], filter.asOf)),
      next: rows.length > filter.limit && last ? encodeCursor(`${last.reply_due_on}|${last.id}`) : null,
    };
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
