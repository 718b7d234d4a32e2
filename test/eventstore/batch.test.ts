/** Many appends in one batch: one transaction, each against its own expected revision, chains and read models kept. */
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { appendBatch } from '../../src/eventstore/batch.js';
import { verifyStream } from '../../src/eventstore/integrity.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/eventstore/port.js';
import { RevisionConflict } from '../../src/eventstore/port.js';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/store.js';

const actor = { tokenId: 't', name: 'test', role: 'admin' };
const issued = (n: number): NewEvent => ({
  type: 'RecommendationIssued',
  data: {
    recommendationId: `cat-c-kaz-co-4-${n}`,
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: String(n),
    text: `${n}. Recommends.`,
    issuedOn: '2023-05-10',
    themes: [],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  },
  metadata: { actor, correlationId: 'c', causationId: 'c' },
});

async function all(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

t.test('the SQLite store commits a batch in one transaction; a conflict fails its append alone', async (t) => {
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  const store = followup.store as SqliteEventStore;
  await store.append('recommendation-cat-c-kaz-co-4-2', [issued(2)], { expectedRevision: 'no_stream' });
  const batches = store.stats().batches;
  const outcomes = await appendBatch(
    store,
    [1, 2, 3].map((n) => ({
      stream: `recommendation-cat-c-kaz-co-4-${n}`,
      events: [issued(n)],
      expectedRevision: 'no_stream',
    })),
  );
  t.equal(store.stats().batches, batches + 1, 'one transaction');
  t.match(outcomes, [{ ok: true, result: { revision: 0 } }, { ok: false }, { ok: true, result: { revision: 0 } }]);
  t.type(outcomes[1]?.ok === false && outcomes[1].error, RevisionConflict);
  for (const n of [1, 3]) {
    const events = await all(store, `recommendation-cat-c-kaz-co-4-${n}`);
    t.equal(events.length, 1);
    t.ok(verifyStream(events).ok, 'its hash chain holds');
    t.ok(
      followup.readModels.getRecommendation(`cat-c-kaz-co-4-${n}`, '2024-01-01'),
      'its read model committed with it',
    );
  }
  const bad = await appendBatch(store, [{ stream: 'no stream name', events: [issued(4)], expectedRevision: 'any' }]);
  t.equal(bad[0]?.ok, false, 'a malformed append is refused alone');
});

t.test('a store without a batch of its own appends each', async (t) => {
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  const store = followup.store;
  const plain: EventStore = {
    append: (stream, events, options) => store.append(stream, events, options),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    headPosition: () => store.headPosition(),
    ping: () => store.ping(),
    close: async () => {},
  };
  const outcomes = await appendBatch(plain, [
    { stream: 'recommendation-cat-c-kaz-co-4-5', events: [issued(5)], expectedRevision: 'no_stream' },
    { stream: 'recommendation-cat-c-kaz-co-4-5', events: [issued(5)], expectedRevision: 'no_stream' },
  ]);
  t.strictSame(
    outcomes.map((o) => o.ok),
    [true, false],
  );
});
