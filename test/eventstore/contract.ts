/**
 * The contract every EventStore adapter meets, run unchanged against each (SQLite here, EventStoreDB later).
 * The tests do not assume an empty store: names are unique per run and log reads start after the head position
 * taken at the start of a test, so a shared server works too.
 */
import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import { eventHash, verifyStream } from '../../src/eventstore/integrity.js';
import { type EventStore, type ExpectedRevision, RevisionConflict } from '../../src/eventstore/port.js';
import { collect, newEvent, settle, signal, unique } from './fixtures.js';

export interface StoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

export type MakeStore = () => Promise<StoreUnderTest>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function eventStoreContract(t: Test, name: string, makeStore: MakeStore): Promise<unknown> {
  /** A fresh store for one test, cleaned up when the test ends. */
  const open = async (t: Test): Promise<EventStore> => {
    const { store, cleanup } = await makeStore();
    t.teardown(cleanup);
    return store;
  };

  return t.test(`${name} meets the event store contract`, async (t) => {
    t.test('append then read gives the same events, with defaults set', async (t) => {
      const store = await open(t);
      const stream = `report-${unique()}`;
      const id = randomUUID();
      const result = await store.append(
        stream,
        [
          newEvent('ReportIssued', { symbol: 'CAT/C/KAZ/4', n: 1, nested: { list: [1, 'two', null] } }),
          newEvent('ReportIssued', { é: 'ü' }, { id }),
        ],
        { expectedRevision: 'no_stream' },
      );
      t.equal(result.revision, 1);
      t.equal(result.events.length, 2);
      t.equal(result.position, result.events[1]?.position);
      const read = await collect(store.readStream(stream));
      t.same(read, result.events, 'read back exactly what append returned');
      const [first, second] = read;
      t.match(first?.id, UUID, 'a generated id is a UUID');
      t.equal(second?.id, id, 'a given id is kept');
      t.same(first?.data, { symbol: 'CAT/C/KAZ/4', n: 1, nested: { list: [1, 'two', null] } });
      t.equal(first?.metadata.schemaVersion, 1);
      t.equal(first?.metadata.actor.name, 'Test Recorder');
      t.ok(first && new Date(first.metadata.recordedAt).toISOString() === first.metadata.recordedAt, 'ISO instant');
      const dated = await store.append(
        stream,
        [
          newEvent(
            'ReportIssued',
            {},
            { metadata: { ...newEvent('x').metadata, recordedAt: '2020-01-02T03:04:05.000Z', schemaVersion: 3 } },
          ),
        ],
        { expectedRevision: 1 },
      );
      t.equal(dated.events[0]?.metadata.recordedAt, '2020-01-02T03:04:05.000Z', 'a given recordedAt is kept');
      t.equal(dated.events[0]?.metadata.schemaVersion, 3, 'a given schemaVersion is kept');
    });

    t.test('revisions are 0-based and contiguous; positions are increasing decimal strings', async (t) => {
      const store = await open(t);
      const category = `c${unique()}`;
      const head = await store.headPosition();
      for (let i = 0; i < 5; i++) {
        await store.append(`${category}-a`, [newEvent('A', { i }), newEvent('A', { i })], { expectedRevision: 'any' });
        await store.append(`${category}-b`, [newEvent('B', { i })], { expectedRevision: 'any' });
      }
      t.same(
        (await collect(store.readStream(`${category}-a`))).map((e) => e.revision),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      const all = await collect(store.readAll({ after: head, filter: { categories: [category] } }));
      t.equal(all.length, 15);
      t.ok(
        all.every((e) => /^[0-9]+$/.test(e.position)),
        'positions are decimal strings',
      );
      t.ok(
        all.every((e, i) => i === 0 || BigInt(e.position) > BigInt(all[i - 1]!.position)),
        'strictly increasing',
      );
      t.ok(BigInt(await store.headPosition()) >= BigInt(all.at(-1)!.position), 'head position reaches the last event');
      t.equal(await store.ping(), true);
    });

    t.test('every expected revision, and the typed conflict', async (t) => {
      const store = await open(t);
      const stream = `recommendation-${unique()}`;
      const conflict = async (expected: ExpectedRevision, actual: number | 'no_stream') => {
        const error = await store.append(stream, [newEvent('X')], { expectedRevision: expected }).catch((e) => e);
        t.ok(error instanceof RevisionConflict, `${expected} on ${actual} conflicts`);
        t.match(error, { stream, expected, actual });
      };
      await conflict('exists', 'no_stream');
      await conflict(0, 'no_stream');
      t.equal((await store.append(stream, [newEvent('X')], { expectedRevision: 'no_stream' })).revision, 0);
      await conflict('no_stream', 0);
      await conflict(1, 0);
      t.equal((await store.append(stream, [newEvent('X')], { expectedRevision: 0 })).revision, 1);
      t.equal((await store.append(stream, [newEvent('X')], { expectedRevision: 'exists' })).revision, 2);
      t.equal((await store.append(stream, [newEvent('X')], { expectedRevision: 'any' })).revision, 3);
      await conflict(2, 3);
      const fresh = `recommendation-${unique()}`;
      t.equal((await store.append(fresh, [newEvent('X')], { expectedRevision: 'any' })).revision, 0);
      t.equal((await collect(store.readStream(stream))).length, 4, 'conflicts stored nothing');
    });

    t.test('concurrent appends with the same expected revision: exactly one wins', async (t) => {
      const store = await open(t);
      const stream = `recommendation-${unique()}`;
      await store.append(stream, [newEvent('Created')], { expectedRevision: 'no_stream' });
      const { values, errors } = await settle(
        Array.from({ length: 10 }, (_, i) =>
          store.append(stream, [newEvent('Measured', { i })], { expectedRevision: 0 }),
        ),
      );
      t.equal(values.length, 1, 'one append wins');
      t.equal(errors.length, 9);
      t.ok(
        errors.every((e) => e instanceof RevisionConflict),
        'the others get the typed conflict',
      );
      t.same(
        (await collect(store.readStream(stream))).map((e) => e.revision),
        [0, 1],
      );
    });

    t.test('50 concurrent appends to different streams all land', async (t) => {
      const store = await open(t);
      const category = `c${unique()}`;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.append(`${category}-${i}`, [newEvent('A', { i })], { expectedRevision: 'no_stream' }),
        ),
      );
      t.ok(results.every((r) => r.revision === 0));
      t.equal(new Set(results.map((r) => r.position)).size, 50, 'distinct positions');
      for (let i = 0; i < 50; i++) t.equal((await collect(store.readStream(`${category}-${i}`))).length, 1);
    });

    t.test('readAll: after, limit, filter by type, category, stream', async (t) => {
      const store = await open(t);
      const [one, two] = [`c${unique()}`, `c${unique()}`];
      const [typeA, typeB] = [`A${unique()}`, `B${unique()}`];
      const head = await store.headPosition();
      await store.append(`${one}-1`, [newEvent(typeA), newEvent(typeB)], { expectedRevision: 'no_stream' });
      await store.append(`${two}-1`, [newEvent(typeA)], { expectedRevision: 'no_stream' });
      await store.append(`${one}-2`, [newEvent(typeB), newEvent(typeA)], { expectedRevision: 'no_stream' });
      const ours = { categories: [one, two] };
      const all = await collect(store.readAll({ after: head, filter: ours }));
      t.same(
        all.map((e) => `${e.stream}:${e.type}`),
        [`${one}-1:${typeA}`, `${one}-1:${typeB}`, `${two}-1:${typeA}`, `${one}-2:${typeB}`, `${one}-2:${typeA}`],
      );
      const rest = await collect(store.readAll({ after: all[1]!.position, filter: ours }));
      t.same(rest, all.slice(2), 'after is exclusive');
      t.same(await collect(store.readAll({ after: head, limit: 2, filter: ours })), all.slice(0, 2), 'limit');
      t.same(await collect(store.readAll({ after: head, limit: 0, filter: ours })), [], 'limit 0');
      const byType = await collect(store.readAll({ after: head, filter: { types: [typeB] } }));
      t.same(
        byType.map((e) => e.stream),
        [`${one}-1`, `${one}-2`],
        'filter by type',
      );
      const both = await collect(store.readAll({ after: head, filter: { types: [typeA, typeB], categories: [two] } }));
      t.same(
        both.map((e) => e.stream),
        [`${two}-1`],
        'types and category together',
      );
      const byCategory = await collect(store.readAll({ after: head, filter: { categories: [one] } }));
      t.equal(byCategory.length, 4, 'filter by category');
      const byStream = await collect(store.readAll({ after: head, filter: { stream: `${one}-2` } }));
      t.same(
        byStream.map((e) => e.revision),
        [0, 1],
        'filter by stream',
      );
      t.same(await collect(store.readAll({ after: head, filter: { categories: [`c${unique()}`] } })), []);
    });

    t.test('readAll of one stream, paged by position: each page from where the last ended', async (t) => {
      const store = await open(t);
      const category = `c${unique()}`;
      const [ours, other] = [`${category}-ours`, `${category}-other`];
      const [typeA, typeB] = [`A${unique()}`, `B${unique()}`];
      const head = await store.headPosition();
      // 24 events of ours, each after one of another stream's: positions of ours are never consecutive.
      for (let i = 0; i < 24; i++) {
        await store.append(other, [newEvent(typeA, { i })], { expectedRevision: 'any' });
        await store.append(ours, [newEvent(i % 3 === 0 ? typeB : typeA, { i })], { expectedRevision: 'any' });
      }
      const whole = await collect(store.readAll({ after: head, filter: { stream: ours } }));
      t.same(
        whole.map((e) => e.revision),
        Array.from({ length: 24 }, (_, i) => i),
        'the stream, in order',
      );
      const paged: number[] = [];
      let after = head;
      for (let page = 0; page < 10; page++) {
        const events = await collect(store.readAll({ after, limit: 5, filter: { stream: ours } }));
        paged.push(...events.map((e) => e.revision));
        if (events.length < 5) break;
        after = events.at(-1)!.position;
      }
      t.same(
        paged,
        whole.map((e) => e.revision),
        'pages of 5 after the last position served: each event once',
      );
      const others = await collect(store.readAll({ after: head, filter: { stream: other } }));
      const between = others[10]!.position;
      t.same(
        (await collect(store.readAll({ after: between, limit: 3, filter: { stream: ours } }))).map((e) => e.revision),
        [10, 11, 12],
        "after another stream's position: from the stream's first event after it",
      );
      t.same(
        (await collect(store.readAll({ after: whole[23]!.position, filter: { stream: ours } }))).length,
        0,
        'after its last event: nothing',
      );
      t.same(
        (
          await collect(
            store.readAll({ after: whole[6]!.position, limit: 3, filter: { stream: ours, types: [typeB] } }),
          )
        ).map((e) => e.revision),
        [9, 12, 15],
        'with a type: the stream and the type',
      );
      t.same(
        await collect(store.readAll({ after: whole[6]!.position, filter: { stream: ours, categories: ['x'] } })),
        [],
        'with a category it is not in: nothing',
      );
      t.same(
        (await collect(store.readAll({ filter: { stream: ours } }))).map((e) => e.position),
        whole.map((e) => e.position),
        'no after: from its first event',
      );
    });

    t.test('readStream: fromRevision, limit, a missing stream', async (t) => {
      const store = await open(t);
      const stream = `report-${unique()}`;
      await store.append(
        stream,
        Array.from({ length: 6 }, (_, i) => newEvent('R', { i })),
        { expectedRevision: 'no_stream' },
      );
      const revisions = async (options: { fromRevision?: number; limit?: number }) =>
        (await collect(store.readStream(stream, options))).map((e) => e.revision);
      t.same(await revisions({ fromRevision: 2 }), [2, 3, 4, 5]);
      t.same(await revisions({ fromRevision: 2, limit: 3 }), [2, 3, 4]);
      t.same(await revisions({ limit: 1 }), [0]);
      t.same(await revisions({ fromRevision: 6 }), []);
      t.same(await collect(store.readStream(`report-${unique()}`)), [], 'a missing stream reads as empty');
    });

    t.test('subscribe: catch-up, then live, until closed', async (t) => {
      const store = await open(t);
      const category = `c${unique()}`;
      const head = await store.headPosition();
      await store.append(`${category}-1`, [newEvent('A', { n: 1 }), newEvent('A', { n: 2 })], {
        expectedRevision: 'any',
      });
      await store.append(`other${unique()}-1`, [newEvent('A')], { expectedRevision: 'any' });
      const subscription = store.subscribe({ after: head, filter: { categories: [category] } });
      const seen: number[] = [];
      const caughtUp = signal();
      const live = signal();
      const consumer = (async () => {
        for await (const event of subscription) {
          seen.push((event.data as { n: number }).n);
          if (seen.length === 2) caughtUp.resolve();
          if (seen.length === 4) live.resolve();
        }
      })();
      await caughtUp.promise;
      await store.append(`${category}-2`, [newEvent('A', { n: 3 })], { expectedRevision: 'any' });
      await store.append(`${category}-1`, [newEvent('A', { n: 4 })], { expectedRevision: 'any' });
      await live.promise;
      await subscription.close();
      await consumer;
      t.same(seen, [1, 2, 3, 4], 'old events then new ones, in order, once each');
      const idle = store.subscribe({ filter: { categories: [`c${unique()}`] } });
      const waiting = collect(idle);
      await idle.close();
      t.same(await waiting, [], 'closing ends an iteration waiting for events');
    });

    t.test('hash chain: each event chains to the previous of its stream', async (t) => {
      const store = await open(t);
      const stream = `recommendation-${unique()}`;
      await store.append(stream, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })], { expectedRevision: 'no_stream' });
      await store.append(`recommendation-${unique()}`, [newEvent('A')], { expectedRevision: 'no_stream' });
      await store.append(stream, [newEvent('C', { n: 3 })], { expectedRevision: 1 });
      const events = await collect(store.readStream(stream));
      t.equal(events[0]?.metadata.previousHash, null, 'revision 0 has no previous hash');
      events.forEach((event, i) => {
        t.match(event.metadata.hash, /^[0-9a-f]{64}$/);
        t.equal(event.metadata.hash, eventHash(event, event.metadata.previousHash), 'hash covers the event');
        if (i > 0) t.equal(event.metadata.previousHash, events[i - 1]?.metadata.hash, `revision ${i} chains`);
      });
      t.same(verifyStream(events), { ok: true });
    });

    t.test('a retried append with the same event ids is stored once', async (t) => {
      const store = await open(t);
      const stream = `report-${unique()}`;
      const events = [newEvent('A', {}, { id: randomUUID() }), newEvent('B', {}, { id: randomUUID() })];
      const first = await store.append(stream, events, { expectedRevision: 'no_stream' });
      const again = await store.append(stream, events, { expectedRevision: 'no_stream' });
      t.equal(again.revision, first.revision);
      t.equal((await collect(store.readStream(stream))).length, 2);
    });

    t.test('event ids are UUIDs, kept lower-case: a resend in another case is the same append', async (t) => {
      const store = await open(t);
      const stream = `report-${unique()}`;
      const id = randomUUID().toUpperCase();
      const first = await store.append(stream, [newEvent('A', {}, { id })], { expectedRevision: 'no_stream' });
      t.equal(first.events[0]?.id, id.toLowerCase(), 'answered lower-case');
      const again = await store.append(stream, [newEvent('A', {}, { id: id.toLowerCase() })], {
        expectedRevision: 'no_stream',
      });
      t.equal(again.revision, 0, 'recognised, not a conflict');
      t.same(
        (await collect(store.readStream(stream))).map((event) => event.id),
        [id.toLowerCase()],
        'stored once, lower-case',
      );
      for (const bad of ['not-a-uuid', '', '00000000-0000-0000-0000-000000000000', `${randomUUID()}0`]) {
        await t.rejects(
          store.append(stream, [newEvent('B', {}, { id: bad })], { expectedRevision: 'any' }),
          TypeError,
          `${JSON.stringify(bad)} refused`,
        );
      }
      t.equal((await collect(store.readStream(stream))).length, 1, 'nothing stored by a refused append');
    });

    t.test('invalid appends are refused', async (t) => {
      const store = await open(t);
      const ok = [newEvent('A')];
      await t.rejects(store.append(`report-${unique()}`, [], { expectedRevision: 'any' }), 'no events');
      await t.rejects(store.append('$ce-report', ok, { expectedRevision: 'any' }), 'a $ name');
      await t.rejects(store.append(`report$-${unique()}`, ok, { expectedRevision: 'any' }), 'a $ in the name');
      await t.rejects(store.append('report', ok, { expectedRevision: 'any' }), 'no category-id');
      await t.rejects(store.append(`report-${unique()}`, ok, { expectedRevision: -1 }), 'a negative revision');
    });
  });
}
