/** A service replica on a shared log: the log's store, a local database of read models, and the runner feeding it. */
import type { Database } from 'better-sqlite3';
import { migrateAll, type Projection, resetReadModels } from '../../../projections/index.js';
import type { EventFilter, EventStore } from '../../eventstore/port.js';
import { fileInDataDirectory, openInDataDirectory, preparing } from '../data-directory.js';
import { readYourStreams } from './command-store.js';
import { ProjectionRunner } from './projection-runner.js';
import { replicaProjections, SERVICE_CATEGORIES } from './projections.js';

export interface ReplicaOptions {
  /** The shared log. */
  store: EventStore;
  /** Where this replica keeps its read models (`:memory:` for none on disk). */
  dataDir: string;
  /** The service's read models; the idempotency record is made tolerant of races here. */
  projections: readonly Projection[];
  /** The position of the log's last event passing a filter; found by reading the log forwards when not given. */
  lastPosition?: (filter: EventFilter) => Promise<string>;
  onError?: (error: unknown) => void;
}

export interface Replica {
  db: Database;
  runner: ProjectionRunner;
  /** The store the command handler uses: loads wait for the local read models to catch up with them. */
  commandStore: EventStore;
}

export const SERVICE_FILTER: EventFilter = { categories: SERVICE_CATEGORIES };

/** Opens the local read models and starts feeding them from the log. */
export function openReplica(options: ReplicaOptions): Replica {
  const file = options.dataDir === ':memory:' ? ':memory:' : fileInDataDirectory(options.dataDir, 'replica.db');
  const db = openInDataDirectory(options.dataDir, file);
  // A replica's read models are rebuilt from the log at will: a commit lost in a power cut is applied again.
  db.pragma('synchronous = NORMAL');
  const projections = replicaProjections(options.projections);
  // Read models an older version filled start again, all of them: the runner fills them from the log's first event.
  preparing(db, options.dataDir, () => {
    if (migrateAll(db, projections).length > 0) resetReadModels(db, projections);
  });
  const lastPosition = options.lastPosition ?? ((filter: EventFilter) => lastMatching(options.store, filter));
  const runner = new ProjectionRunner({
    store: options.store,
    db,
    projections,
    filter: SERVICE_FILTER,
    target: () => lastPosition(SERVICE_FILTER),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  runner.start();
  const commandStore = readYourStreams(options.store, (position, timeoutMs) => runner.waitFor(position, timeoutMs));
  return { db, runner, commandStore };
}

/** The last event passing `filter`, by reading the whole log: for stores that cannot read backwards. */
async function lastMatching(store: EventStore, filter: EventFilter): Promise<string> {
  let last = '0';
  for await (const event of store.readAll({ filter })) last = event.position;
  return last;
}
