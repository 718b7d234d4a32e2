export { CopyConflict, type CopyProgress } from '../copy.js';
export { isPostgresUrl, parsePostgresUrl, redactPostgresUrl } from './connection.js';
export { copyLog } from './copy.js';
export { PostgresEventStore, type PostgresEventStoreOptions, type PostgresEventStoreStats } from './store.js';
