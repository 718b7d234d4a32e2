/** `followup copy`'s core: the SQLite log into a target keeping order, ids and metadata; resumable; never over others. */
import type { EventData } from '@eventstore/db-client';
import t, { type Test } from 'tap';
import { CopyConflict } from '../../src/eventstore/copy.js';
import { type CopyTarget, copyLog, UncopyableEventId } from '../../src/eventstore/esdb/copy.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { collect, newEvent } from './fixtures.js';

/** An in-memory stand-in for the server's append rules: exact revision, and a resent append stored once. */
function memoryTarget() {
  const streams = new Map<string, EventData[]>();
  const order: string[] = [];
  const target: CopyTarget = {
    async append(stream, events, afterRevision) {
      const stored = streams.get(stream) ?? [];
      if (stored.length - 1 !== afterRevision) {
        const again = events.every((event, i) => stored[afterRevision + 1 + i]?.id === event.id);
        return again;
      }
      streams.set(stream, [...stored, ...events]);
      order.push(...events.map((event) => event.id));
      return true;
    },
    async idsFrom(stream, fromRevision, count) {
      return (streams.get(stream) ?? []).slice(fromRevision, fromRevision + count).map((event) => event.id);
    },
  };
  return { target, streams, order };
}

async function sourceLog(t: Test) {
  const db = openDatabase(':memory:');
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  for (let i = 0; i < 12; i++) {
    await store.append(`report-${i % 3}`, [newEvent('A', { i }), newEvent('B', { i })], { expectedRevision: 'any' });
    await store.append(`recommendation-${i % 4}`, [newEvent('C', { i })], { expectedRevision: 'any' });
  }
  return store;
}

t.test('every event copied once, in the log order, with its id, data and metadata', async (t) => {
  const store = await sourceLog(t);
  const source = await collect(store.readAll());
  const { target, streams, order } = memoryTarget();
  const done = await copyLog(store, target, { batch: 3 });
  t.equal(done.copied, 36);
  t.equal(done.skipped, 0);
  t.equal(done.position, source.at(-1)!.position);
  t.same(
    order,
    source.map((event) => event.id),
    'global order kept',
  );
  const first = streams.get('report-0')![0]!;
  t.equal(first.id, source[0]!.id);
  t.same(first.data, source[0]!.data);
  t.match(first.metadata, { ...source[0]!.metadata, $correlationId: 'corr-1', $causationId: 'cause-1' });
  t.equal(streams.get('report-0')!.length, 8);
});

t.test('an interrupted copy resumes from its checkpoint, or from the start, to the same result', async (t) => {
  const store = await sourceLog(t);
  const { target, order } = memoryTarget();
  let checkpoint: string | undefined;
  let flushes = 0;
  await t.rejects(
    copyLog(store, target, {
      onProgress: (progress) => {
        checkpoint = progress.position;
        if (++flushes === 5) throw new Error('connection lost');
      },
    }),
  );
  const partial = order.length;
  t.ok(partial > 0 && partial < 36, `${partial} events copied before the interruption`);
  const resumed = await copyLog(store, target, { after: String(BigInt(checkpoint!) - 2n) });
  t.equal(order.length, 36, 'all there after resuming');
  t.equal(resumed.copied + resumed.skipped, 36 - partial + 2, 'resumed just before the checkpoint');
  const again = await copyLog(store, target);
  t.equal(again.copied + again.skipped, 36, 'a third run from the start goes over everything…');
  t.equal(order.length, 36, '…and stores nothing twice');
  t.same(
    order,
    (await collect(store.readAll())).map((e) => e.id),
  );
});

t.test('a target holding other events is not written over', async (t) => {
  const store = await sourceLog(t);
  const { target, streams } = memoryTarget();
  streams.set('report-0', [{ id: 'someone-else', type: 'X', contentType: 'application/json', data: {}, metadata: {} }]);
  await t.rejects(copyLog(store, target), CopyConflict);
});

t.test('a resumed copy batched differently completes a stream half copied', async (t) => {
  const store = await sourceLog(t);
  const { target, order } = memoryTarget();
  let flushes = 0;
  await t.rejects(
    copyLog(store, target, {
      batch: 1,
      onProgress: () => {
        if (++flushes === 1) throw new Error('stopped');
      },
    }),
  );
  t.equal(order.length, 1, 'the first of the two events of report-0 copied alone');
  const resumed = await copyLog(store, target, { batch: 200 });
  t.equal(resumed.skipped, 1, 'found already there');
  t.same(
    order,
    (await collect(store.readAll())).map((e) => e.id),
    'the rest appended after them, in order',
  );
});

t.test('an id EventStoreDB would not keep as it is stops the copy before anything of its stream is sent', async (t) => {
  const db = openDatabase(':memory:');
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  await store.append('report-0', [newEvent('A')], { expectedRevision: 'no_stream' });
  await store.append('report-1', [newEvent('A')], { expectedRevision: 'no_stream' });
  // A log written before ids were kept lower-case: the hash covers the id as it was given.
  db.prepare("UPDATE events SET id = upper(id) WHERE stream = 'report-1'").run();
  const { target, order } = memoryTarget();
  const refused = await copyLog(store, target).catch((error) => error);
  t.ok(refused instanceof UncopyableEventId, 'refused, naming the event');
  t.match(refused, { event: { stream: 'report-1', revision: 0 } });
  t.equal(order.length, 1, 'what came before it was copied; nothing of it');
});
