export { DuplicateEventId } from '../appending.js';
export type { InlineHandler } from './append.js';
export { migrateEventStore, type OpenDatabaseOptions, openDatabase } from './database.js';
export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './store.js';
