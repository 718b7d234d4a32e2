export { isPostgresUrl, parsePostgresUrl, redactPostgresUrl } from './connection.js';
export { CopyConflict, type CopyProgress, copyLog } from './copy.js';
export { PostgresEventStore, type PostgresEventStoreOptions, type PostgresEventStoreStats } from './store.js';
