import type { Database } from 'better-sqlite3';

/**
 * What the delivery of notices keeps: how far each subscription got in the log (its cursor, moved only once the
 * receiver acknowledged), every attempt made (the delivery log served to subscribers), and the last day the deadline
 * scheduler went through. These are not read models: they record what happened outside the log (requests to
 * receivers), so a rebuild of the read models never touches them.
 */
export function migrateDeliveryLog(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS webhook_cursors (
      subscription_id TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS webhook_deliveries (
      id INTEGER PRIMARY KEY,
      subscription_id TEXT NOT NULL,
      notice_id TEXT NOT NULL,
      notice TEXT NOT NULL,
      position TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      attempted_at TEXT NOT NULL,
      outcome TEXT NOT NULL,
      status INTEGER,
      error TEXT,
      duration_ms INTEGER NOT NULL,
      next_attempt_at TEXT
    );
    CREATE INDEX IF NOT EXISTS webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id);
    CREATE TABLE IF NOT EXISTS notice_schedule (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      last_day TEXT NOT NULL
    );
  `);
}

/** Where a subscription stands: the position of the last event it is done with, and its failed attempts since. */
export interface Cursor {
  position: string;
  attempts: number;
  /** Milliseconds since the epoch before which the next attempt is not made. */
  nextAttemptAt: number;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'refused';

export interface DeliveryAttempt {
  id: number;
  noticeId: string;
  notice: string;
  position: string;
  attempt: number;
  attemptedAt: string;
  outcome: DeliveryOutcome;
  /** The receiver's HTTP status; absent when none came (refused, unreachable, timed out). */
  status?: number;
  error?: string;
  durationMs: number;
  /** After a failure: when the next attempt is due. */
  nextAttemptAt?: string;
}

/** Attempts kept per subscription; older ones are dropped as new ones are written. */
export const ATTEMPTS_KEPT = 5000;

interface AttemptRow {
  id: number;
  notice_id: string;
  notice: string;
  position: string;
  attempt: number;
  attempted_at: string;
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
  duration_ms: number;
  next_attempt_at: string | null;
}

export class DeliveryLog {
  private readonly statements;

  /** The tables must exist: the store that opened the database migrated them (`migrateDeliveryLog`). */
  constructor(private readonly db: Database) {
    this.statements = {
      cursor: db.prepare<[string], { position: string; attempts: number; next_attempt_at: number }>(
        'SELECT position, attempts, next_attempt_at FROM webhook_cursors WHERE subscription_id = ?',
      ),
      saveCursor: db.prepare(
        `INSERT INTO webhook_cursors (subscription_id, position, attempts, next_attempt_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (subscription_id) DO UPDATE SET position = excluded.position, attempts = excluded.attempts,
           next_attempt_at = excluded.next_attempt_at`,
      ),
      attempt: db.prepare(
        `INSERT INTO webhook_deliveries (subscription_id, notice_id, notice, position, attempt, attempted_at, outcome,
           status, error, duration_ms, next_attempt_at)
         VALUES (@subscriptionId, @noticeId, @notice, @position, @attempt, @attemptedAt, @outcome, @status, @error,
           @durationMs, @nextAttemptAt)`,
      ),
      prune: db.prepare(
        `DELETE FROM webhook_deliveries WHERE subscription_id = ? AND id <= (
           SELECT id FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1 OFFSET ${ATTEMPTS_KEPT})`,
      ),
      page: db.prepare<[string, number, number], AttemptRow>(
        'SELECT * FROM webhook_deliveries WHERE subscription_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
      ),
      failing: db.prepare<[], { n: number; attempts: number | null }>(
        `SELECT count(*) AS n, max(attempts) AS attempts FROM webhook_cursors c
           JOIN webhook_subscriptions s ON s.id = c.subscription_id
          WHERE c.attempts > 0 AND s.deleted_at IS NULL`,
      ),
      lastDay: db.prepare<[], { last_day: string }>('SELECT last_day FROM notice_schedule WHERE id = 1'),
      saveDay: db.prepare(
        'INSERT INTO notice_schedule (id, last_day) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_day = excluded.last_day',
      ),
    };
  }

  /** The subscription's cursor; a subscription never delivered to starts at its own creation in the log. */
  cursor(subscriptionId: string, createdAt: string): Cursor {
    const row = this.statements.cursor.get(subscriptionId);
    return row
      ? { position: row.position, attempts: row.attempts, nextAttemptAt: row.next_attempt_at }
      : { position: createdAt, attempts: 0, nextAttemptAt: 0 };
  }

  /** Records an attempt and the cursor it leaves, in one transaction. */
  record(subscriptionId: string, attempt: Omit<DeliveryAttempt, 'id'> | undefined, cursor: Cursor): void {
    this.db.transaction(() => {
      if (attempt) {
        this.statements.attempt.run({
          subscriptionId,
          noticeId: attempt.noticeId,
          notice: attempt.notice,
          position: attempt.position,
          attempt: attempt.attempt,
          attemptedAt: attempt.attemptedAt,
          outcome: attempt.outcome,
          status: attempt.status ?? null,
          error: attempt.error ?? null,
          durationMs: attempt.durationMs,
          nextAttemptAt: attempt.nextAttemptAt ?? null,
        });
        this.statements.prune.run(subscriptionId, subscriptionId);
      }
      this.statements.saveCursor.run(subscriptionId, cursor.position, cursor.attempts, cursor.nextAttemptAt);
    })();
  }

  /** Attempts newest first, before the attempt id `before` (exclusive), at most `limit`. */
  attempts(subscriptionId: string, before: number, limit: number): DeliveryAttempt[] {
    return this.statements.page.all(subscriptionId, before, limit).map((row) => ({
      id: row.id,
      noticeId: row.notice_id,
      notice: row.notice,
      position: row.position,
      attempt: row.attempt,
      attemptedAt: row.attempted_at,
      outcome: row.outcome,
      ...(row.status !== null ? { status: row.status } : {}),
      ...(row.error !== null ? { error: row.error } : {}),
      durationMs: row.duration_ms,
      ...(row.next_attempt_at !== null ? { nextAttemptAt: row.next_attempt_at } : {}),
    }));
  }

  /** Subscriptions held by a notice not yet acknowledged, and the most failed attempts among them. */
  failing(): { subscriptions: number; mostAttempts: number } {
    const row = this.statements.failing.get();
    return { subscriptions: row?.n ?? 0, mostAttempts: row?.attempts ?? 0 };
  }

  /** The last day the deadline scheduler went through, if it ever ran. */
  lastScheduledDay(): string | undefined {
    return this.statements.lastDay.get()?.last_day;
  }

  scheduledThrough(day: string): void {
    this.statements.saveDay.run(day);
  }
}
