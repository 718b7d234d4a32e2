/**
 * Two service replicas sharing one log, driven through HTTP: read-your-writes with minPosition, and an
 * Idempotency-Key retried on the other replica. Run over the SQLite store here and over EventStoreDB when it runs.
 */
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import type { EventFilter, EventStore } from '../../src/eventstore/port.js';
import { buildApp } from '../../src/http/app.js';
import { collect } from '../eventstore/fixtures.js';
import { ADMIN_TOKEN, get, post } from '../http/harness.js';

export interface SharedLog {
  store: EventStore;
  lastPosition?: (filter: EventFilter) => Promise<string>;
}

async function replica(t: Test, log: SharedLog): Promise<{ followup: Followup; app: FastifyInstance }> {
  const followup = Followup.openReplica({
    store: log.store,
    dataDir: ':memory:',
    adminToken: ADMIN_TOKEN,
    ownsStore: false,
    ...(log.lastPosition ? { lastPosition: log.lastPosition } : {}),
  });
  const app = await buildApp(followup, { publicRead: true, logger: false });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await followup.close();
  });
  return { followup, app };
}

async function untilReady(app: FastifyInstance): Promise<number> {
  let status = 0;
  for (let i = 0; i < 200 && status !== 200; i++) {
    status = (await get(app, '/ready')).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return status;
}

export async function twoReplicas(t: Test, log: SharedLog, cycle: number): Promise<void> {
  const a = await replica(t, log);
  const b = await replica(t, log);
  t.equal(await untilReady(a.app), 200, 'replica A is ready once caught up');
  t.equal(await untilReady(b.app), 200, 'replica B is ready once caught up');

  const report = (n: number) => ({
    state: 'KAZ',
    mechanism: 'CAT',
    cycle: n,
    symbol: `CAT/C/KAZ/${n}`,
    submittedOn: '2018-12-05',
    procedure: 'simplified',
  });
  const created = await post(a.app, '/v1/reports', ADMIN_TOKEN, report(cycle));
  t.equal(created.status, 201, 'created on A');
  const id = created.json.id as string;
  const read = await get(b.app, `/v1/reports/${id}?minPosition=${created.json.position}`);
  t.equal(read.status, 200, 'B answers once its read models reach the position A answered');
  t.equal(read.json.symbol, `CAT/C/KAZ/${cycle}`);
  t.equal(BigInt(b.followup.readModels.currentPosition()) >= BigInt(created.json.position), true);

  const key = { 'idempotency-key': `retry-${cycle}` };
  const first = await post(a.app, '/v1/reports', ADMIN_TOKEN, report(cycle + 1), key);
  const retried = await post(b.app, '/v1/reports', ADMIN_TOKEN, report(cycle + 1), key);
  t.equal(first.status, 201);
  t.equal(retried.status, 201, 'the retry on the other replica answers as the first did');
  t.same(retried.json, first.json, 'the same answer');
  const stream = `report-${first.json.id}`;
  t.equal((await collect(log.store.readStream(stream))).length, 1, 'one event in the log');
  const otherBody = await post(b.app, '/v1/reports', ADMIN_TOKEN, report(cycle + 2), key);
  t.equal(otherBody.status, 422, 'the key with another request is refused on the other replica too');
}
