/**
 * A reader process following a PostgreSQL log: `node --import tsx test/postgres/follow-log.ts <url>` prints one
 * line per event, `<position> <stream> <revision>`, catch-up then live, until SIGTERM.
 */
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js';

const url = process.argv[2];
if (!url) throw new Error('usage: follow-log.ts <postgres url>');
const store = await PostgresEventStore.connect(url, { poolSize: 2 });
const subscription = store.subscribe();
process.once('SIGTERM', () => void subscription.close());
process.stderr.write('following\n');
for await (const event of subscription) process.stdout.write(`${event.position} ${event.stream} ${event.revision}\n`);
await store.close();
