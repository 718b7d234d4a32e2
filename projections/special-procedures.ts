/**
 * Read models of the special procedures: country visits with their report and the recommendations issued from it,
 * and communications with the States' replies. Where a reply stands is judged when read, on the day asked, by the
 * domain's rule (communicationStanding), which the SQL below restates.
 */
import type { Database, Statement } from 'better-sqlite3';
import { InvalidInput } from '../src/domain/errors.js';
import {
  type CommunicationKind,
  type CommunicationStanding,
  communicationStanding,
} from '../src/domain/special-procedure/communication.js';
import { decodeCursorPair, encodeCursor } from './cursor.js';
import { recordedMs } from './position.js';
import { type Projection, projection } from './projection.js';

export interface VisitView {
  id: string;
  mandate: string;
  state: string;
  startedOn: string;
  endedOn: string;
  report?: { symbol: string; publishedOn: string; position: string };
  /** The recommendations issued from its report, by paragraph. */
  recommendations: { id: string; paragraph: string; issuedOn: string }[];
  position: string;
  revision: number;
}

export interface CommunicationView {
  id: string;
  reference: string;
  kind: CommunicationKind;
  state: string;
  mandates: string[];
  sentOn: string;
  replyDueOn: string;
  replyDueFrom: 'rule' | 'given';
  subject?: string;
  asOf: string;
  standing: CommunicationStanding;
  repliedOn?: string;
  /** Replies received on or before the day asked, in the order received. */
  replies: { receivedOn: string; note?: string; position: string }[];
  position: string;
  revision: number;
}

export interface CommunicationFilter {
  state?: string;
  mandate?: string;
  kind?: CommunicationKind;
  standing?: readonly CommunicationStanding[];
  asOf: string;
  limit: number;
  cursor?: string;
}

export interface VisitFilter {
  state?: string;
  mandate?: string;
  limit: number;
  cursor?: string;
}

/** Communications of a State on a day, by standing: the four part those sent on or before it. */
export interface CommunicationCounts {
  sent: number;
  pending: number;
  overdue: number;
  repliedOnTime: number;
  repliedLate: number;
}

interface VisitRow {
  id: string;
  mandate: string;
  state: string;
  started_on: string;
  ended_on: string;
  report_symbol: string | null;
  report_published_on: string | null;
  report_position: string | null;
  position: string;
  revision: number;
}

interface CommunicationRow {
  id: string;
  reference: string;
  kind: CommunicationKind;
  state: string;
  mandates: string;
  sent_on: string;
  reply_due_on: string;
  reply_due_from: 'rule' | 'given';
  subject: string | null;
  position: string;
  revision: number;
}

interface ReplyRow {
  communication_id: string;
  received_on: string;
  note: string | null;
  position: string;
}

export const visitsProjection: Projection = projection({
  name: 'visits',
  byStream: true,
  handles: ['CountryVisitRecorded', 'VisitReportPublished', 'RecommendationIssued'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS visits (
        id TEXT PRIMARY KEY,
        mandate TEXT NOT NULL,
        state TEXT NOT NULL,
        started_on TEXT NOT NULL,
        ended_on TEXT NOT NULL,
        report_symbol TEXT,
        report_published_on TEXT,
        report_position TEXT,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS visits_by_state ON visits (state, started_on);
      CREATE INDEX IF NOT EXISTS visits_by_mandate ON visits (mandate, started_on);
      CREATE TABLE IF NOT EXISTS visit_recommendations (
        visit_id TEXT NOT NULL,
        recommendation_id TEXT NOT NULL,
        paragraph TEXT NOT NULL,
        issued_on TEXT NOT NULL,
        position TEXT NOT NULL,
        PRIMARY KEY (visit_id, recommendation_id)
      ) WITHOUT ROWID;
    `);
  },
  bind(db) {
    const record = db.prepare(`
      INSERT OR IGNORE INTO visits (id, mandate, state, started_on, ended_on, position, revision)
      VALUES (:id, :mandate, :state, :startedOn, :endedOn, :position, :revision)
    `);
    const publish = db.prepare(`
      UPDATE visits SET report_symbol = :symbol, report_published_on = :publishedOn, report_position = :position,
        revision = :revision
      WHERE id = :id AND revision < :revision
    `);
    const link = db.prepare(`
      INSERT OR IGNORE INTO visit_recommendations (visit_id, recommendation_id, paragraph, issued_on, position)
      VALUES (:visitId, :recommendationId, :paragraph, :issuedOn, :position)
    `);
    return (event) => {
      const { position, revision } = event;
      if (event.type === 'CountryVisitRecorded') {
        const { visitId: id, ...d } = event.data;
        record.run({ id, ...d, position, revision });
      } else if (event.type === 'VisitReportPublished') {
        const d = event.data;
        publish.run({ id: d.visitId, symbol: d.symbol, publishedOn: d.publishedOn, position, revision });
      } else if (event.data.visitId !== undefined) {
        const d = event.data;
        link.run({
          visitId: d.visitId,
          recommendationId: d.recommendationId,
          paragraph: d.paragraph,
          issuedOn: d.issuedOn,
          position,
        });
      }
    };
  },
});

export const communicationsProjection: Projection = projection({
  name: 'communications',
  byStream: true,
  handles: ['CommunicationSent', 'CommunicationReplyReceived'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS communications (
        id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        mandates TEXT NOT NULL,
        sent_on TEXT NOT NULL,
        reply_due_on TEXT NOT NULL,
        reply_due_from TEXT NOT NULL,
        subject TEXT,
        first_replied_on TEXT,
        recorded_at INTEGER NOT NULL,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS communications_by_state ON communications (state, reply_due_on, id);
      CREATE INDEX IF NOT EXISTS communications_by_due ON communications (reply_due_on, id);
      CREATE TABLE IF NOT EXISTS communication_replies (
        communication_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        received_on TEXT NOT NULL,
        note TEXT,
        recorded_at INTEGER NOT NULL,
        position TEXT NOT NULL,
        PRIMARY KEY (communication_id, seq)
      ) WITHOUT ROWID;
    `);
  },
  bind(db) {
    const send = db.prepare(`
      INSERT OR IGNORE INTO communications (id, reference, kind, state, mandates, sent_on, reply_due_on, reply_due_from,
        subject, recorded_at, position, revision)
      VALUES (:id, :reference, :kind, :state, :mandates, :sentOn, :replyDueOn, :replyDueFrom, :subject, :recordedAt,
        :position, :revision)
    `);
    const touch = db.prepare(`
      UPDATE communications SET revision = :revision,
        first_replied_on = CASE WHEN first_replied_on IS NULL OR :receivedOn < first_replied_on THEN :receivedOn
          ELSE first_replied_on END
      WHERE id = :id AND revision < :revision
    `);
    const reply = db.prepare(`
      INSERT OR IGNORE INTO communication_replies (communication_id, seq, received_on, note, recorded_at, position)
      VALUES (:id, :seq, :receivedOn, :note, :recordedAt, :position)
    `);
    return (event) => {
      const { position, revision } = event;
      const recordedAt = recordedMs(event.metadata.recordedAt);
      if (event.type === 'CommunicationSent') {
        const d = event.data;
        send.run({
          id: d.communicationId,
          reference: d.reference,
          kind: d.kind,
          state: d.state,
          mandates: JSON.stringify(d.mandates),
          sentOn: d.sentOn,
          replyDueOn: d.replyDueOn,
          replyDueFrom: d.replyDueFrom ?? 'given',
          subject: d.subject ?? null,
          recordedAt,
          position,
          revision,
        });
        return;
      }
      const d = event.data;
      if (touch.run({ id: d.communicationId, receivedOn: d.receivedOn, revision }).changes === 0) return;
      reply.run({
        id: d.communicationId,
        seq: revision,
        receivedOn: d.receivedOn,
        note: d.note ?? null,
        recordedAt,
        position,
      });
    };
  },
});

/** Restates communicationStanding(replyDueOn, replies, :asOf): the first reply is the earliest received. */
const STANDING = `CASE
    WHEN first_replied_on IS NOT NULL AND first_replied_on <= :asOf
      THEN CASE WHEN first_replied_on > reply_due_on THEN 'replied_late' ELSE 'replied' END
    WHEN reply_due_on < :asOf THEN 'overdue'
    ELSE 'pending' END`;

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
  visits(filter: VisitFilter): { items: VisitView[]; next: string | null } {
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
  communications(filter: CommunicationFilter): { items: CommunicationView[]; next: string | null } {
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

function communicationView(row: CommunicationRow, replies: readonly ReplyRow[], asOf: string): CommunicationView {
  const received = replies
    .filter((reply) => reply.received_on <= asOf)
    .map((reply) => ({
      receivedOn: reply.received_on,
      ...(reply.note !== null && { note: reply.note }),
      position: reply.position,
    }));
  const { standing, repliedOn } = communicationStanding(row.reply_due_on, received, asOf);
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    state: row.state,
    mandates: JSON.parse(row.mandates) as string[],
    sentOn: row.sent_on,
    replyDueOn: row.reply_due_on,
    replyDueFrom: row.reply_due_from,
    ...(row.subject !== null && { subject: row.subject }),
    asOf,
    standing,
    ...(repliedOn !== undefined && { repliedOn }),
    replies: received,
    position: row.position,
    revision: row.revision,
  };
}
