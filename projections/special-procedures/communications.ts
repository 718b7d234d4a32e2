/**
 * Read model of communications (allegation letters, urgent appeals, other letters) with the States' replies. Where a
 * reply stands is judged when read, on the day asked, by the domain's rule (communicationStanding), which the SQL
 * below restates.
 */
import {
  type CommunicationKind,
  type CommunicationStanding,
  communicationStanding,
} from '../../src/domain/special-procedure/communication.js';
import { recordedMs } from '../position.js';
import { type Projection, projection } from '../projection.js';
import { revisionGuarded } from '../revision-guard.js';
import type { CommunicationView } from './schemas.js';

export type { CommunicationView };

export interface CommunicationFilter {
  state?: string;
  mandate?: string;
  kind?: CommunicationKind;
  standing?: readonly CommunicationStanding[];
  asOf: string;
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

export interface CommunicationRow {
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

export interface ReplyRow {
  communication_id: string;
  received_on: string;
  note: string | null;
  position: string;
}

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
    const touch = revisionGuarded(
      db,
      'communications',
      `first_replied_on = CASE WHEN first_replied_on IS NULL OR :receivedOn < first_replied_on THEN :receivedOn
        ELSE first_replied_on END`,
    );
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
export const STANDING = `CASE
    WHEN first_replied_on IS NOT NULL AND first_replied_on <= :asOf
      THEN CASE WHEN first_replied_on > reply_due_on THEN 'replied_late' ELSE 'replied' END
    WHEN reply_due_on < :asOf THEN 'overdue'
    ELSE 'pending' END`;

export function communicationView(
  row: CommunicationRow,
  replies: readonly ReplyRow[],
  asOf: string,
): CommunicationView {
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
