/**
 * The EventStoreDB store where no server runs: over a stand-in for the client on a cluster (leader changes, a
 * lagging follower, scripted faults), and over the real client with no node to reach (its discovery failure).
 */
import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import t, { type Test } from 'tap';
import { EsdbEventStore } from '../../src/eventstore/esdb/index.js';
import { type EventStore, type NewEvent, RevisionConflict, StoreUnavailable } from '../../src/eventstore/port.js';
import { toProblem } from '../../src/http/problem.js';
import { ClusterClient, notLeader, unavailable } from './esdb-cluster.js';
import { collect, newEvent } from './fixtures.js';

const quiet = { error() {} } as unknown as Parameters<typeof toProblem>[1];

function storeOn(t: Test, cluster: ClusterClient, retryWindowMs = 2_000): EsdbEventStore {
  const store = new EsdbEventStore(cluster.client, { retryWindowMs, retryBackoff: { initial: 5, max: 20 } });
  t.teardown(() => store.close());
  return store;
}

const keyed = (key: string, type = 'A'): NewEvent => {
  const event = newEvent(type, { key });
  return { ...event, metadata: { ...event.metadata, idempotency: { key, request: 'r', status: 201 } } };
};

const ids = (cluster: ClusterClient, stream: string) =>
  cluster.log.filter((event) => event.streamId === stream).map((event) => event.id);

t.test('every call whose answer decides a write asks for the leader', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  await store.append('report-x', [newEvent('A')], { expectedRevision: 'no_stream' });
  await store.append('report-x', [keyed('k1')], { expectedRevision: 0 });
  await collect(store.readStream('report-x'));
  await store.headPosition();
  t.ok(cluster.calls.length >= 8, `${cluster.calls.length} calls`);
  t.same(
    cluster.calls.filter((call) => !call.requiresLeader),
    [],
    'the tail, the append, the read-back, the stream read and the head all ask for the leader',
  );
});

t.test('connected to a lagging follower after an election: no spurious conflict, the answer read back', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  await store.append('report-x', [newEvent('A', { n: 0 })], { expectedRevision: 'no_stream' });
  cluster.replicate();
  // Revision 1 reaches the leader; the follower this client then finds itself on has not replicated it yet.
  await store.append('report-x', [newEvent('A', { n: 1 })], { expectedRevision: 0 });
  cluster.connectedTo = 'follower';
  const result = await store.append('report-x', [newEvent('A', { n: 2 })], { expectedRevision: 1 });
  t.equal(result.revision, 2, 'appended after the event only the leader had: the tail came from the leader');
  t.equal(result.events.length, 1, 'the read-back found the event: it came from the leader');
  t.equal(cluster.connectedTo, 'leader', 'the follower named the leader and the client turned to it');
  t.same(
    cluster.calls.filter((call) => call.node === 'follower'),
    [{ method: 'readStream', node: 'follower', requiresLeader: true, stream: 'report-x' }],
    'the follower was asked once, for the leader, and refused: it answered nothing',
  );
  t.equal(ids(cluster, 'report-x').length, 3);
});

t.test('a follower refusing the append itself: it is sent again to the leader and stored once', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  cluster.fail({ method: 'appendToStream', error: () => notLeader() });
  const result = await store.append('report-y', [newEvent('A')], { expectedRevision: 'no_stream' });
  t.equal(result.revision, 0);
  t.equal(ids(cluster, 'report-y').length, 1);
});

t.test('the leader out of reach during an election: the append waits within the window and lands once', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  cluster.fail({ method: 'readStream', error: unavailable, times: 3 });
  cluster.fail({ method: 'appendToStream', error: () => new DeadlineExceededError(), afterCommit: true, times: 2 });
  const result = await store.append('report-z', [newEvent('A'), newEvent('B')], { expectedRevision: 'no_stream' });
  t.same(
    result.events.map((event) => event.type),
    ['A', 'B'],
  );
  t.same(
    ids(cluster, 'report-z'),
    result.events.map((event) => event.id),
    'committed by the first attempt whose answer was lost; the resends stored nothing more',
  );
});

t.test('past the window: 503, outcome unknown only when the append may have been written', async (t) => {
  t.test('a commit whose answer never comes: unknown, and a retry with the key answers it', async (t) => {
    const cluster = new ClusterClient();
    const store = storeOn(t, cluster, 60);
    const timeout = () => new DeadlineExceededError();
    cluster.fail({ method: 'appendToStream', error: timeout, afterCommit: true, times: Number.POSITIVE_INFINITY });
    const error = await store.append('report-a', [keyed('k')], { expectedRevision: 'no_stream' }).catch((e) => e);
    t.ok(error instanceof StoreUnavailable);
    t.equal((error as StoreUnavailable).outcomeUnknown, true);
    t.equal(ids(cluster, 'report-a').length, 1, 'it was in fact recorded');
    t.match(toProblem(error, quiet), { status: 503, detail: /may have been recorded.*same Idempotency-Key/ });
    cluster.faults.length = 0;
    const again = await store.append('report-a', [keyed('k')], { expectedRevision: 'no_stream' });
    t.same(
      again.events.map((event) => event.id),
      ids(cluster, 'report-a'),
      'the retry is answered with the first append',
    );
    t.equal(ids(cluster, 'report-a').length, 1);
  });

  t.test('no leader to take it (every attempt refused): nothing was recorded', async (t) => {
    const cluster = new ClusterClient();
    const store = storeOn(t, cluster, 60);
    cluster.fail({ method: 'appendToStream', error: () => notLeader(), times: Number.POSITIVE_INFINITY });
    const error = await store.append('report-b', [newEvent('A')], { expectedRevision: 'no_stream' }).catch((e) => e);
    t.ok(error instanceof StoreUnavailable);
    t.equal((error as StoreUnavailable).outcomeUnknown, false);
    t.same(ids(cluster, 'report-b'), []);
    t.match(toProblem(error, quiet), { status: 503, detail: /nothing was recorded/ });
  });

  t.test('the tail cannot be read: nothing was sent', async (t) => {
    const cluster = new ClusterClient();
    const store = storeOn(t, cluster, 60);
    cluster.fail({ method: 'readStream', error: unavailable, times: Number.POSITIVE_INFINITY });
    const error = await store.append('report-c', [newEvent('A')], { expectedRevision: 'any' }).catch((e) => e);
    t.match(error, { name: 'StoreUnavailable', outcomeUnknown: false });
    t.equal(cluster.calls.filter((call) => call.method === 'appendToStream').length, 0);
  });

  t.test('appended, but the read-back fails: unknown to the caller, and in the log', async (t) => {
    const cluster = new ClusterClient();
    const store = storeOn(t, cluster, 60);
    await store.append('report-d', [newEvent('A')], { expectedRevision: 'no_stream' });
    const reads = cluster.calls.filter((call) => call.method === 'readStream').length;
    t.equal(reads, 2, 'an append reads the tail, then reads back');
    // The tail read passes; the read-back fails until the window ends.
    let readCalls = 0;
    const readStream = cluster.readStream.bind(cluster);
    cluster.readStream = ((stream, options) => {
      if (++readCalls > 1) throw new UnavailableError();
      return readStream(stream, options);
    }) as ClusterClient['readStream'];
    const error = await store.append('report-d', [newEvent('B')], { expectedRevision: 0 }).catch((e) => e);
    t.match(error, { name: 'StoreUnavailable', outcomeUnknown: true });
    t.equal(ids(cluster, 'report-d').length, 2, 'the event is in the log');
  });
  t.end();
});

t.test('event ids: an upper-case UUID is kept lower-case, and its resend is the same append', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  const id = 'A1B2C3D4-E5F6-4789-8ABC-DEF012345678';
  const first = await store.append('report-u', [newEvent('A', {}, { id })], { expectedRevision: 'no_stream' });
  t.equal(first.events[0]?.id, id.toLowerCase());
  const again = await store.append('report-u', [newEvent('A', {}, { id })], { expectedRevision: 'no_stream' });
  t.equal(again.revision, 0, 'recognised as the append already stored, not a conflict');
  t.equal(ids(cluster, 'report-u').length, 1);
  await t.rejects(
    store.append('report-u', [newEvent('A', {}, { id: 'not-a-uuid' })], { expectedRevision: 'any' }),
    TypeError,
  );
});

t.test('a conflict is still a conflict', async (t) => {
  const cluster = new ClusterClient();
  const store = storeOn(t, cluster);
  await store.append('report-v', [newEvent('A')], { expectedRevision: 'no_stream' });
  await t.rejects(store.append('report-v', [newEvent('B')], { expectedRevision: 'no_stream' }), RevisionConflict);
});

t.test('the real client with no node to reach: StoreUnavailable (a 503), never a 500', async (t) => {
  // Two seeds make the client discover by gossip; nothing listens on port 1, so discovery gives up at once.
  const store: EventStore = EsdbEventStore.connect(
    'esdb://127.0.0.1:1,127.0.0.1:2?tls=false&maxDiscoverAttempts=1&discoveryInterval=1&gossipTimeout=1&retryWindowMs=50',
  );
  t.teardown(() => store.close());
  const append = await store.append('report-w', [newEvent('A')], { expectedRevision: 'any' }).catch((e) => e);
  t.match(append, { name: 'StoreUnavailable', outcomeUnknown: false }, 'an append');
  t.match((append as StoreUnavailable).cause, { message: /^Failed to discover after 1 attempts\.$/ });
  t.match(toProblem(append, quiet), { status: 503, detail: /nothing was recorded/ });
  await t.rejects(collect(store.readStream('report-w')), StoreUnavailable, 'a stream read');
  await t.rejects(store.headPosition(), StoreUnavailable, 'the head');
  t.equal(await store.ping(), false);
});
