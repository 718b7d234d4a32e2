import type { Database } from 'better-sqlite3';
import type { RecordedEvent } from '../src/eventstore/port.js';

/**
 * A read model: its tables, the event types it handles, and how it applies one event.
 * The runner calls `apply` inside the transaction that stores the event (embedded store)
 * or that advances the checkpoint (remote store), so a read model is never ahead of or behind the log.
 */
export interface Projection {
  readonly name: string;
  readonly handles: readonly string[];
  /**
   * Its rows each come from the events of one stream: a rebuild may split the log between workers by stream and
   * merge their tables. False (the default) for a read model that combines streams (reports count recommendations).
   */
  readonly byStream?: boolean;
  /**
   * For a read model handling every type ('*'): an SQL condition on the `events` table selecting the events it can
   * use, so that a rebuild reads only those. Read models naming their types are filtered by type.
   */
  readonly eventsUsed?: string;
  /**
   * The version of what its tables hold, 1 when absent: raised when the same events must fill them differently (a
   * new table or column). Tables an older version filled are rebuilt from the log before they are read.
   */
  readonly version?: number;
  /** Creates its tables and indexes if missing; idempotent. */
  migrate(db: Database): void;
  /** Prepares statements once and returns the function applying one event. */
  bind(db: Database): (event: RecordedEvent) => void;
}
