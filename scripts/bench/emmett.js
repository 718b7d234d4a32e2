// The peer's entry point, resolved from this folder's own node_modules (`npm run bench` installs them on first use).
export { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
