export { DuplicateEventId } from '../appending.js';
export type { InlineHandler } from './append.js';
export { migrateEventStore, type OpenDatabaseOptions, openDatabase } from './database.js';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './store.js';
export {
  type CheckpointAnswer,
  type CheckpointWorkerData,
  checkpointWorker,
  type StoreLog,
  type WalCheckpointOptions,
} from './wal-checkpoints.js';
