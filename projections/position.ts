import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../src/eventstore/port.js';
import type { Projection } from './projection.js';

/** Matches every event type in a projection's `handles`. */
export const EVERY_EVENT = '*';

/**
 * The global position of the last event the read models applied: the ETag of aggregate reads, and where a
 * catch-up subscription resumes. It advances with every event the runner feeds, handled elsewhere or not.
 */
export const positionProjection: Projection = {
  name: 'position',
  handles: [EVERY_EVENT],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_position (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position TEXT NOT NULL
      );
    `);
  },
  bind(db) {
    // Positions are decimal strings that may exceed 2^53: compare by length, then as text.
    const advance = db.prepare(`
      INSERT INTO projection_position (id, position) VALUES (1, :position)
      ON CONFLICT (id) DO UPDATE SET position = excluded.position
      WHERE length(excluded.position) > length(position)
         OR (length(excluded.position) = length(position) AND excluded.position > position)
    `);
    return (event: RecordedEvent) => {
      advance.run({ position: event.position });
    };
  },
};

/** Reads the position the read models have reached. */
export class PositionQueries {
  private readonly select: Statement<[], { position: string }>;

  constructor(db: Database) {
    this.select = db.prepare('SELECT position FROM projection_position WHERE id = 1');
  }

  /** The global position of the last applied event, "0" before any. */
  currentPosition(): string {
    return this.select.get()?.position ?? '0';
  }
}
