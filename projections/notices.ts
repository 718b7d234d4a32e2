import type { Database } from 'better-sqlite3';
import type { FollowUpDue } from '../src/domain/subscription/notice.js';

/** What a notice says of its recommendation: whose it is, which body issued it, where. */
export interface NoticeSubject {
  id: string;
  state: string;
  mechanism: string;
  symbol: string;
  paragraph: string;
}

/** What the notifications read of the recommendations read model: a notice's subject, and the deadlines due. */
export function noticeQueries(db: Database) {
  const subject = db.prepare<[string], NoticeSubject>(
    'SELECT id, state, mechanism, symbol, paragraph FROM recommendations WHERE id = ?',
  );
  const deadlines = db.prepare<[string, string], FollowUpDue>(
    `SELECT id AS recommendationId, state, mechanism, follow_up_deadline AS deadline,
            first_reply_on AS firstReplyOn, closed_on AS closedOn
       FROM recommendations
      WHERE follow_up_deadline BETWEEN ? AND ?
      ORDER BY follow_up_deadline, id`,
  );
  return {
    subject: (id: string): NoticeSubject | undefined => subject.get(id),
    /** Follow-ups whose deadline falls between two days (both included), with their first reply and closure. */
    followUpsWithDeadline: (from: string, to: string): FollowUpDue[] => deadlines.all(from, to),
  };
}
export type NoticeQueries = ReturnType<typeof noticeQueries>;
