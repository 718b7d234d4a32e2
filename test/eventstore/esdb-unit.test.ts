/** The EventStoreDB adapter's rules that need no server: mappings, errors, positions, ids, backoff, re-subscribing. */
import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  DeadlineExceededError,
  NO_STREAM,
  type ReadPosition,
  START,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import t from 'tap';
import { revisionMatches } from '../../src/eventstore/appending.js';
import { eventIdsAt, isSameAppend, prepareAppend } from '../../src/eventstore/esdb/append.js';
import { backoffDelay, pause } from '../../src/eventstore/esdb/backoff.js';
import { clientConnectionString, redactConnectionString, retryWindowOf } from '../../src/eventstore/esdb/connection.js';
import {
  conflictFrom,
  isDiscoveryFailure,
  isTransient,
  provesNothingWritten,
  toStoreError,
} from '../../src/eventstore/esdb/errors.js';
import {
  comparePositions,
  deterministicEventId,
  fromCurrentRevision,
  fromStoredMetadata,
  isLooseExpectation,
  positionText,
  readPositionAfter,
  serverFilter,
  toRecorded,
  toServerExpected,
  toStoredMetadata,
} from '../../src/eventstore/esdb/mapping.js';
import { ResubscribingSubscription } from '../../src/eventstore/esdb/subscription.js';
import { eventHash } from '../../src/eventstore/integrity.js';
import { CorruptEvent, type EventMetadata, RevisionConflict, StoreUnavailable } from '../../src/eventstore/port.js';
import { notLeader } from './esdb-cluster.js';
import { newEvent, signal } from './fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('expected revisions: ours against the tail, then exact on the server', async (t) => {
  const cases: [Parameters<typeof revisionMatches>[0], number | 'no_stream', boolean][] = [
    ['any', 'no_stream', true],
    ['any', 4, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0, false],
    ['exists', 'no_stream', false],
    ['exists', 0, true],
    [3, 3, true],
    [3, 4, false],
    [0, 'no_stream', false],
  ];
  for (const [expected, actual, matches] of cases) {
    t.equal(revisionMatches(expected, actual), matches, `${expected} on ${actual}`);
  }
  t.equal(toServerExpected('no_stream'), NO_STREAM);
  t.equal(toServerExpected(7), 7n);
  t.equal(fromCurrentRevision(NO_STREAM), 'no_stream');
  t.equal(fromCurrentRevision(12n), 12);
  t.same([isLooseExpectation('any'), isLooseExpectation('exists'), isLooseExpectation(0)], [true, true, false]);
  t.same([isLooseExpectation('no_stream')], [false]);
});

t.test('WrongExpectedVersionError becomes our RevisionConflict; transient faults StoreUnavailable', async (t) => {
  const wrong = new WrongExpectedVersionError(undefined, { streamName: 'report-x', expected: 2n, current: 5n });
  const conflict = conflictFrom(wrong, 'report-x', 2);
  t.ok(conflict instanceof RevisionConflict);
  t.match(conflict, { stream: 'report-x', expected: 2, actual: 5 });
  const missing = new WrongExpectedVersionError(undefined, {
    streamName: 'report-x',
    expected: 0n,
    current: NO_STREAM,
  });
  t.match(toStoreError(missing, 'report-x', 0), { expected: 0, actual: 'no_stream' });
  const down = new UnavailableError();
  t.equal(isTransient(down), true);
  const mapped = toStoreError(down);
  t.ok(mapped instanceof StoreUnavailable, 'an unreachable server is StoreUnavailable');
  t.equal((mapped as StoreUnavailable).cause, down, 'with the client error as cause');
  const other = new TypeError('a bug');
  t.equal(toStoreError(other), other, 'anything else passes through');
  t.equal(isTransient(other), false);
});

t.test('positions: commit positions as decimal strings, exclusive resume points', async (t) => {
  t.equal(positionText({ commit: 18446744073709551614n, prepare: 1n }), '18446744073709551614', 'beyond 2^53');
  t.equal(positionText({ commit: 18446744073709551615n, prepare: 18446744073709551615n }), undefined, 'no position');
  t.equal(positionText(undefined), undefined);
  t.equal(readPositionAfter(undefined), START);
  t.equal(readPositionAfter('0'), START);
  t.same(readPositionAfter('9007199254740993'), { commit: 9007199254740993n, prepare: 9007199254740993n });
  t.equal(comparePositions('9007199254740993', '9007199254740992'), 1, 'compared without losing precision');
  t.equal(comparePositions('10', '9'), 1);
  t.equal(comparePositions('7', '7'), 0);
});

t.test('metadata: $correlationId and $causationId stored, left out when read', async (t) => {
  const metadata = {
    ...newEvent('A').metadata,
    recordedAt: '2024-05-13T00:00:00.000Z',
    schemaVersion: 1,
    hash: 'h',
    previousHash: null,
  } as EventMetadata;
  const stored = toStoredMetadata(metadata);
  t.equal(stored.$correlationId, 'corr-1');
  t.equal(stored.$causationId, 'cause-1');
  t.same(fromStoredMetadata(stored), metadata, 'round trip');
  t.equal(fromStoredMetadata('text'), undefined);
  t.equal(fromStoredMetadata(new Uint8Array([1])), undefined);
  t.equal(fromStoredMetadata({ correlationId: 'x' }), undefined, 'not ours: no hash');
});

t.test('deterministic ids: the same append gets the same ids, another command others', async (t) => {
  const base = { stream: 'report-x', revision: 3, type: 'A', data: { n: 1 }, metadata: newEvent('A').metadata };
  const id = deterministicEventId(base, 0);
  t.match(id, UUID, 'a UUID v5');
  t.equal(deterministicEventId({ ...base, metadata: { ...base.metadata, recordedAt: 'later' } }, 0), id, 'time aside');
  t.not(deterministicEventId({ ...base, revision: 4 }, 0), id, 'another revision');
  t.not(deterministicEventId({ ...base, data: { n: 2 } }, 0), id, 'other data');
  t.not(deterministicEventId({ ...base, metadata: { ...base.metadata, correlationId: 'c2' } }, 0), id, 'other request');
  const keyed = { ...base, metadata: { ...base.metadata, idempotency: { key: 'k', request: 'r', status: 201 } } };
  t.equal(deterministicEventId({ ...keyed, revision: 9, data: {} }, 0), deterministicEventId(keyed, 0), 'by key');
  t.not(deterministicEventId(keyed, 1), deterministicEventId(keyed, 0), 'per event of the append');
  const now = '2024-01-01T00:00:00.000Z';
  const events = [newEvent('A', { n: 1 }), newEvent('B', {}, { id: '0b1c2d3e-0000-4000-8000-000000000000' })];
  const ids = eventIdsAt('report-x', events, 2, now);
  t.equal(ids[1], '0b1c2d3e-0000-4000-8000-000000000000', 'a given id is kept');
  t.equal(ids[0], eventIdsAt('report-x', events, 2, 'another time')[0]);
});

t.test('prepareAppend chains hashes like the SQLite store and stores the $ metadata', async (t) => {
  const now = '2024-01-01T00:00:00.000Z';
  const tail = { revision: 4, hash: 'f'.repeat(64), recentIds: [] };
  const prepared = prepareAppend('report-x', [newEvent('A', { n: 1 }), newEvent('B')], tail, now);
  const [first, second] = prepared.events;
  t.equal(first?.revision, 5);
  t.equal(first?.metadata.previousHash, tail.hash);
  t.equal(first?.metadata.hash, eventHash(first!, tail.hash));
  t.equal(second?.metadata.previousHash, first?.metadata.hash);
  t.equal(first?.metadata.recordedAt, now);
  t.equal(first?.metadata.schemaVersion, 1);
  t.match(prepared.data[0], { id: first?.id, type: 'A', contentType: 'application/json', data: { n: 1 } });
  t.match(prepared.data[0]?.metadata, {
    $correlationId: 'corr-1',
    $causationId: 'cause-1',
    hash: first?.metadata.hash,
  });
  const fresh = prepareAppend('report-y', [newEvent('A')], { revision: 'no_stream', hash: null, recentIds: [] }, now);
  t.equal(fresh.events[0]?.revision, 0);
  t.equal(fresh.events[0]?.metadata.previousHash, null);
  const stored = prepared.events.map((event) => ({ ...event, position: '1' }));
  const ids = prepared.events.map((event) => event.id);
  t.equal(isSameAppend(stored, ids, [newEvent('A'), newEvent('B')]), true);
  t.equal(isSameAppend(stored, ids, [newEvent('A'), newEvent('C')]), false, 'another type');
  t.equal(isSameAppend(stored.slice(1), ids, [newEvent('A'), newEvent('B')]), false, 'fewer events');
});

t.test('server filters: our categories as stream prefixes, else non-system events', async (t) => {
  t.match(serverFilter({ categories: ['report', 'token'] }), {
    filterOn: 'streamName',
    prefixes: ['report-', 'token-'],
  });
  t.match(serverFilter({ stream: 'report-x' }), { filterOn: 'streamName', prefixes: ['report-x'] });
  t.match(serverFilter({ types: ['ReportSubmitted'] }), { filterOn: 'eventType', prefixes: ['ReportSubmitted'] });
  t.match(serverFilter(undefined), { filterOn: 'eventType', regex: /\$/ });
});

t.test('connection strings: KurrentDB schemes accepted, credentials redacted', async (t) => {
  t.equal(clientConnectionString('esdb://a:2113?tls=false'), 'esdb://a:2113?tls=false');
  t.equal(clientConnectionString('kurrentdb+discover://a:2113'), 'esdb+discover://a:2113');
  t.throws(() => clientConnectionString('http://a'), RangeError);
  t.equal(redactConnectionString('esdb://admin:changeit@a:2113'), 'esdb://***@a:2113');
});

t.test('connection strings: retryWindowMs is ours, read and taken out before the client sees it', async (t) => {
  t.equal(clientConnectionString('esdb://a:2113?retryWindowMs=20000&tls=false'), 'esdb://a:2113?tls=false');
  t.equal(clientConnectionString('esdb://a:2113?tls=false&retryWindowMs=20000'), 'esdb://a:2113?tls=false');
  t.equal(
    clientConnectionString('esdb://a,b?tls=false&retryWindowMs=5&nodePreference=leader'),
    'esdb://a,b?tls=false&nodePreference=leader',
  );
  t.equal(clientConnectionString('esdb://a:2113?retryWindowMs=5'), 'esdb://a:2113');
  t.equal(retryWindowOf('esdb://a:2113?tls=false&retryWindowMs=20000'), 20_000);
  t.equal(retryWindowOf('esdb://a:2113?tls=false'), undefined);
  t.throws(() => retryWindowOf('esdb://a?retryWindowMs=soon'), RangeError);
  t.throws(() => retryWindowOf('esdb://a?retryWindowMs=0'), RangeError);
});

t.test(
  'the client giving up discovery, not-leader refusals: transient; which failures prove nothing written',
  async (t) => {
    const discovery = new Error('Failed to discover after 10 attempts.');
    t.equal(isDiscoveryFailure(discovery), true);
    t.equal(isTransient(discovery), true, 'an unreachable cluster is "not now", not a bug');
    t.match(toStoreError(discovery), { name: 'StoreUnavailable', outcomeUnknown: false, cause: discovery });
    t.equal(isDiscoveryFailure(new Error('Failed to load certificate file. File was not found.')), false);
    t.equal(
      isTransient(new TypeError('Failed to discover after 10 attempts.')),
      false,
      "only the client's plain Error",
    );
    const refused = notLeader('node2.eventstore', 2113);
    t.same(refused.leader, { address: 'node2.eventstore', port: 2113 }, 'the client reads the leader from the answer');
    t.equal(isTransient(refused), true);
    t.equal(provesNothingWritten(refused), true, 'a follower refuses a write asking for the leader before writing');
    t.equal(provesNothingWritten(discovery), true, 'nothing was sent');
    t.equal(provesNothingWritten(new DeadlineExceededError()), false, 'a commit timeout may follow a commit');
    t.equal(provesNothingWritten(new UnavailableError()), false, 'so may a connection lost after the request left');
    t.match(toStoreError(new UnavailableError(), undefined, undefined, { outcomeUnknown: true }), {
      outcomeUnknown: true,
    });
  },
);

t.test('backoff: grows, capped, jittered; a pause ends early when aborted', async (t) => {
  const low = () => 0;
  const high = () => 0.999999;
  t.same(
    [0, 1, 2, 3].map((n) => backoffDelay(n, { initial: 100, random: high })),
    [100, 200, 400, 800],
  );
  t.equal(backoffDelay(0, { initial: 100, random: low }), 50, 'at least half');
  t.equal(backoffDelay(50, { initial: 100, max: 5000, random: high }), 5000, 'capped');
  t.equal(backoffDelay(-3, { initial: 100, random: high }), 100);
  const abort = new AbortController();
  const waiting = pause(60_000, abort.signal);
  abort.abort();
  await waiting;
  t.pass('an aborted pause resolves');
});

/** A server-side event of ours as the client gives it. */
function resolved(commit: bigint, n: number, stream = 'report-x'): AllStreamResolvedEvent {
  const metadata = toStoredMetadata({
    ...newEvent('A').metadata,
    recordedAt: '2024-01-01T00:00:00.000Z',
    schemaVersion: 1,
    hash: `h${n}`,
    previousHash: null,
  });
  return {
    event: {
      streamId: stream,
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      revision: BigInt(n),
      type: 'A',
      data: { n },
      metadata,
      isJson: true,
      created: new Date(0),
      position: { commit, prepare: commit },
    },
  } as AllStreamResolvedEvent;
}

/** A subscription as the client returns it: gives `events`, then fails (a drop) or waits until unsubscribed. */
function serverSubscription(events: AllStreamResolvedEvent[], then: 'drop' | 'wait'): AllStreamSubscription {
  const stopped = signal();
  return {
    async *[Symbol.asyncIterator]() {
      for (const event of events) yield event;
      if (then === 'drop') throw new UnavailableError();
      await stopped.promise;
    },
    unsubscribe: async () => stopped.resolve(),
  } as unknown as AllStreamSubscription;
}

t.test('toRecorded: system events and links skipped, undecodable events of ours are CorruptEvent', async (t) => {
  t.match(toRecorded(resolved(10n, 1)), { stream: 'report-x', revision: 1, position: '10', data: { n: 1 } });
  t.equal(
    toRecorded({ event: { ...resolved(10n, 1).event!, streamId: '$stats-1' } } as AllStreamResolvedEvent),
    undefined,
  );
  t.equal(
    toRecorded({ event: { ...resolved(10n, 1).event!, type: '$metadata' } } as AllStreamResolvedEvent),
    undefined,
  );
  t.equal(toRecorded({ ...resolved(10n, 1), link: resolved(11n, 2).event } as AllStreamResolvedEvent), undefined);
  t.throws(
    () => toRecorded({ event: { ...resolved(10n, 1).event!, metadata: 'x' } } as AllStreamResolvedEvent),
    CorruptEvent,
  );
});

t.test('a dropped subscription resumes after the last event given, skipping what it gave', async (t) => {
  const opened: ReadPosition[] = [];
  const drops: unknown[] = [];
  const servers = [
    serverSubscription([resolved(10n, 0), resolved(20n, 1)], 'drop'),
    serverSubscription(
      [resolved(20n, 1), resolved(30n, 2), resolved(40n, 3, '$stats-0'), resolved(50n, 4, 'token-t')],
      'wait',
    ),
  ];
  const subscription = new ResubscribingSubscription(
    (from) => {
      opened.push(from);
      return servers[opened.length - 1]!;
    },
    { filter: { categories: ['report'] } },
    { backoff: { initial: 1, max: 2 }, onDrop: (error) => drops.push(error) },
  );
  const seen: string[] = [];
  const done = signal();
  const consumer = (async () => {
    for await (const event of subscription) {
      seen.push(event.position);
      if (seen.length === 3) done.resolve();
    }
  })();
  await done.promise;
  await subscription.close();
  await consumer;
  t.same(seen, ['10', '20', '30'], 'each event once, in order; other categories and system events filtered');
  t.same(opened, [START, { commit: 20n, prepare: 20n }], 'resubscribed from the last event given');
  t.equal(drops.length, 1);
  t.equal(subscription.drops, 1);
});
