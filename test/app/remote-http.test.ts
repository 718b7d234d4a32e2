/** Two replicas over one SQLite log (standing in for EventStoreDB): read-your-writes and idempotency across them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { EsdbEventStore } from '../../src/eventstore/esdb/index.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { buildApp } from '../../src/http/app.js';
import { acceptMinPosition } from '../../src/http/min-position.js';
import { ADMIN_TOKEN, assertProblem, get, post } from '../http/harness.js';
import { twoReplicas } from './remote-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-replicas-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('two replicas on one log', async (t) => {
  const db = openDatabase(join(dir, 'log.db'));
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  await twoReplicas(t, { store }, 4);
});

t.test('minPosition: a bad value is 400, a position not reached in time 503 with Retry-After', async (t) => {
  const app = Fastify();
  let asked = '';
  const reached = async (position: string) => {
    asked = position;
    return position === '7';
  };
  acceptMinPosition(app, { reached }, 10);
  app.get('/x', async (request) => ({ query: request.query }));
  t.teardown(() => app.close());
  const answered = await app.inject('/x?minPosition=7&a=1');
  t.equal(answered.statusCode, 200);
  t.same(answered.json().query, { a: '1' }, 'minPosition is taken off the query the route sees');
  t.equal(asked, '7');
  const behind = await app.inject('/x?minPosition=8');
  t.equal(behind.statusCode, 503);
  t.equal(behind.headers['retry-after'], '1');
  t.match(behind.json(), { status: 503, detail: /not reached position 8/ });
  t.equal((await app.inject('/x?minPosition=-1')).statusCode, 400);
  t.equal((await app.inject('/x')).statusCode, 200, 'without it nothing waits');
});

t.test('a replica whose EventStoreDB cluster cannot be found answers 503, not 500', async (t) => {
  // The real client, discovering by gossip among seeds where nothing listens: it gives up with a plain Error.
  const store = EsdbEventStore.connect(
    'esdb://127.0.0.1:1,127.0.0.1:2?tls=false&maxDiscoverAttempts=1&discoveryInterval=1&gossipTimeout=1&retryWindowMs=50',
  );
  const followup = Followup.openReplica({ store, dataDir: ':memory:', adminToken: ADMIN_TOKEN, onError: () => {} });
  const app = await buildApp(followup, { publicRead: true, logger: false });
  t.teardown(async () => {
    await app.close();
    await followup.close();
  });
  const answer = await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'A reader', role: 'reader' });
  assertProblem(t, answer, 503, 'a command');
  t.match(answer.json, { detail: /nothing was recorded/ });
  t.equal((await get(app, '/ready')).status, 503, 'not ready');
});
