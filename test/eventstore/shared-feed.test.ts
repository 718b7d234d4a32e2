/** The shared feed: one live reader fanned out; catch-up, filters, and a follower that falls behind. */
import t, { type Test } from 'tap';
import type { RecordedEvent, Subscription } from '../../src/eventstore/port.js';
import { FOLLOWER_BACKLOG, SharedFeed } from '../../src/eventstore/shared-feed.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { newEvent } from './fixtures.js';

function fresh(t: Test) {
  const store = new SqliteEventStore(openDatabase(':memory:'), { ownsDatabase: true });
  const feed = new SharedFeed(store);
  t.teardown(async () => {
    await feed.close();
    await store.close();
  });
  return { store, feed };
}

/** Takes `count` events of a subscription. */
async function take(subscription: Subscription, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  if (count === 0) return taken;
  for await (const event of subscription) {
    taken.push(event);
    if (taken.length === count) break;
  }
  return taken;
}

t.test('followers catch up from their position, then share the live events, each filtered', async (t) => {
  const { store, feed } = fresh(t);
  await store.append('report-a', [newEvent('ReportSubmitted'), newEvent('ReportPresented')], {
    expectedRevision: 'no_stream',
  });
  const all = feed.subscribe();
  const afterFirst = feed.subscribe({ after: '1' });
  const tokens = feed.subscribe({ filter: { categories: ['token'] } });
  const allTaken = take(all, 4);
  const afterTaken = take(afterFirst, 3);
  const tokensTaken = take(tokens, 1);
  await store.append('token-x', [newEvent('TokenIssued')], { expectedRevision: 'no_stream' });
  await store.append('report-a', [newEvent('ConcludingObservationsAdopted')], { expectedRevision: 1 });
  t.strictSame(
    (await allTaken).map((e) => e.position),
    ['1', '2', '3', '4'],
  );
  t.strictSame(
    (await afterTaken).map((e) => e.position),
    ['2', '3', '4'],
  );
  t.strictSame(
    (await tokensTaken).map((e) => e.type),
    ['TokenIssued'],
  );
  await Promise.all([all.close(), afterFirst.close(), tokens.close()]);
  t.equal(feed.followers, 0, 'closed followers leave the feed');
});

t.test('a follower that falls behind reads the log again: every event once, in order', async (t) => {
  const { store, feed } = fresh(t);
  const slow = feed.subscribe();
  const iterator = slow[Symbol.asyncIterator]();
  // It starts, then stops reading while more than its backlog is committed.
  await store.append('report-a', [newEvent('ReportSubmitted')], { expectedRevision: 'no_stream' });
  t.equal((await iterator.next()).value?.position, '1');
  const total = FOLLOWER_BACKLOG * 2 + 50;
  for (let i = 1; i < total; i += 50) {
    await store.append(
      'report-a',
      Array.from({ length: 50 }, () => newEvent('MeasureImplemented')),
      { expectedRevision: i - 1 },
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  const positions: string[] = [];
  while (positions.length < total - 1) {
    const next = await iterator.next();
    if (next.done) break;
    positions.push(next.value.position);
  }
  t.equal(positions.length, total - 1);
  t.ok(
    positions.every((position, i) => position === String(i + 2)),
    'positions 2 to the last, each once, in order',
  );
  await slow.close();
});
