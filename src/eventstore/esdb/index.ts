export { clientConnectionString, redactConnectionString } from './connection.js';
export { EsdbEventStore, type EsdbEventStoreOptions } from './store.js';
