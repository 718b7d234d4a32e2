/**
 * The event store contract, unchanged, against a real PostgreSQL server, and what only a shared SQL log must show:
 * group commit, positions that never let a reader skip a late commit, one idempotency key appending once across
 * processes, notifications that survive a dropped connection. Each contract test gets a schema of its own.
 */
import t from 'tap';
import { PostgresEventStore } from '../../src/eventstore/postgres/index.js';
import { sql, testDatabase } from '../postgres/server.js';
import { eventStoreContract } from './contract.js';
import { unique } from './fixtures.js';

const url = await testDatabase(t, 'PostgreSQL event store suite');
if (url !== undefined) {
  await eventStoreContract(t, 'PostgresEventStore', async () => {
    const schema = `contract_${unique()}`;
    const store = await PostgresEventStore.connect(url, { schema, poolSize: 3 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await sql(url, `DROP SCHEMA ${schema} CASCADE`);
      },
    };
  });
}
