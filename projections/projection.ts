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
  /** Creates its tables and indexes if missing; idempotent. */
  migrate(db: Database): void;
  /** Prepares statements once and returns the function applying one event. */
  bind(db: Database): (event: RecordedEvent) => void;
}
