/**
 * What a log shared by several processes on PostgreSQL must show beyond the contract: positions that never let a
 * reader skip an event committed late, group commit, one idempotency key appending once across processes,
 * notifications that survive a dropped connection, and a tampered or corrupt row named as such. Several stores
 * on one schema stand for several processes: each has its own connections, so its own transactions.
 */
import pg from 'pg';
import t, { type Test } from 'tap';
import { verifyChains } from '../../src/eventstore/integrity.js';
import { CorruptEvent, IdempotencyKeyTaken, RevisionConflict, StoreUnavailable } from '../../src/eventstore/port.js';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../../src/eventstore/postgres/index.js';
import { sql, testDatabase } from '../postgres/server.js';
import { collect, newEvent, settle, unique } from './fixtures.js';

const url = await testDatabase(t, 'PostgreSQL shared-log suite');

/** `count` stores on one new schema, closed when the test ends. */
async function stores(t: Test, count: number, options: PostgresEventStoreOptions = {}) {
  const schema = `log_${unique()}`;
  const opened: PostgresEventStore[] = [];
  for (let i = 0; i < count; i++) {
    opened.push(await PostgresEventStore.connect(url!, { schema, poolSize: 3, ...options }));
  }
  t.teardown(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await sql(url!, `DROP SCHEMA ${schema} CASCADE`);
  });
  return { schema, stores: opened };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (url !== undefined) {
  t.test('four writers and a reader at once: the reader sees every event once, in order, none skipped', async (t) => {
    const { stores: writers } = await stores(t, 5);
    const reader = writers.pop()!;
    const category = `c${unique()}`;
    const ROUNDS = 25;
    const PER_ROUND = 8;
    let writing = true;
    const seen: string[] = [];
    let partialReads = 0;
    const reading = (async () => {
      let after = '0';
      for (;;) {
        const done = !writing;
        const page = await collect(reader.readAll({ after, limit: 40 }));
        if (page.length > 0 && writing) partialReads++;
        for (const event of page) seen.push(event.position);
        after = page.at(-1)?.position ?? after;
        if (done && page.length === 0) return;
      }
    })();
    const outcomes = await Promise.all(
      writers.map(async (store, w) => {
        let appended = 0;
        for (let round = 0; round < ROUNDS; round++) {
          const { values } = await settle(
            Array.from({ length: PER_ROUND }, (_, i) =>
              store.append(`${category}-${(round * PER_ROUND + i) % 13}`, [newEvent('A', { w, round, i })], {
                expectedRevision: 'any',
              }),
            ),
          );
          appended += values.length;
          // Writers drift apart so that their transactions interleave in every order.
          await wait(Math.floor(Math.random() * 4));
        }
        return appended;
      }),
    );
    writing = false;
    await reading;
    const total = outcomes.reduce((a, b) => a + b, 0);
    t.equal(total, writers.length * ROUNDS * PER_ROUND, 'every append landed');
    const log = await collect(reader.readAll());
    t.equal(log.length, total);
    t.same(
      seen,
      log.map((event) => event.position),
      'the reader saw exactly the log: nothing skipped, nothing twice',
    );
    t.same(
      seen,
      Array.from({ length: total }, (_, i) => String(i + 1)),
      'positions are gapless and increasing',
    );
    t.ok(partialReads > 1, `the reader read ${partialReads} times while the writers ran`);
  });

  t.test('a transaction holding positions and committing late is never overtaken', async (t) => {
    const { schema, stores: opened } = await stores(t, 2);
    const [store, reader] = opened as [PostgresEventStore, PostgresEventStore];
    await store.append(`report-${unique()}`, [newEvent('Before')], { expectedRevision: 'no_stream' });
    const head = await reader.headPosition();
    // A writer that took the log's lock and its position, then is slow to commit (a long fsync, a paused process).
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    t.teardown(() => slow.end());
    await slow.query('BEGIN');
    const { rows } = await slow.query(`SELECT position FROM "${schema}".log_head FOR UPDATE`);
    const mine = BigInt(rows[0].position) + 1n;
    await slow.query(
      `INSERT INTO "${schema}".events (position, id, stream, revision, type, data, metadata)
       VALUES ($1, $2, $3, 0, 'Slow', '{}', '{}')`,
      [String(mine), unique(), `report-${unique()}`],
    );
    let resolved = 0;
    const later = Array.from({ length: 5 }, (_, i) =>
      store.append(`report-${unique()}`, [newEvent('After', { i })], { expectedRevision: 'no_stream' }).then((r) => {
        resolved++;
        return r;
      }),
    );
    await wait(400);
    t.equal(resolved, 0, 'later appends wait for the slow one to commit: they cannot take a position past it');
    t.same(await collect(reader.readAll({ after: head })), [], 'a reader sees nothing past the head meanwhile');
    await slow.query(`UPDATE "${schema}".log_head SET position = $1`, [String(mine)]);
    await slow.query('COMMIT');
    const results = await Promise.all(later);
    const after = await collect(reader.readAll({ after: head }));
    t.same(
      after.map((event) => event.type),
      ['Slow', 'After', 'After', 'After', 'After', 'After'],
      'the slow event comes first, then the later ones',
    );
    t.same(
      after.map((event) => BigInt(event.position)),
      Array.from({ length: 6 }, (_, i) => mine + BigInt(i)),
      'positions follow on from it, gapless',
    );
    t.ok(results.every((r) => BigInt(r.position) > mine));
  });

  t.test('group commit: concurrent appends share transactions; a conflict fails only its own', async (t) => {
    const {
      stores: [store],
    } = await stores(t, 1, { maxBatch: 64 });
    const stream = `report-${unique()}`;
    await store!.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
    const before = store!.stats();
    const { values, errors } = await settle([
      ...Array.from({ length: 199 }, (_, i) =>
        store!.append(`report-${unique()}`, [newEvent('A', { i })], { expectedRevision: 'no_stream' }),
      ),
      store!.append(stream, [newEvent('B')], { expectedRevision: 5 }),
    ]);
    t.equal(values.length, 199, 'every other append landed');
    t.equal(errors.length, 1);
    t.ok(errors[0] instanceof RevisionConflict);
    const batches = store!.stats().batches - before.batches;
    t.ok(batches >= 4 && batches <= 20, `${batches} transactions for 200 appends, none over maxBatch`);
    const positions = (await collect(store!.readAll())).map((event) => Number(event.position));
    t.same(
      positions,
      Array.from({ length: 200 }, (_, i) => i + 1),
      'the refused append took no position: the log stays gapless',
    );
  });

  t.test('a race lost on a busy stream is decided again under the lock, so no writer starves', async (t) => {
    const { stores: writers } = await stores(t, 2);
    const stream = `recommendation-${unique()}`;
    await writers[0]!.append(stream, [newEvent('Issued')], { expectedRevision: 'no_stream' });
    let redecided = 0;
    // Each writer appends on the revision it last saw, as a command handler with a cached state does.
    const outcomes = await Promise.all(
      writers.map(async (store, w) => {
        let known = 0;
        for (let i = 0; i < 25; i++) {
          const result = await store.append(stream, [newEvent('Measured', { w, i })], {
            expectedRevision: known,
            redecide: (newer) => {
              redecided++;
              t.equal(newer[0]?.revision, known + 1, 'given the events after the revision it expected');
              return [newEvent('Measured', { w, i, after: newer.at(-1)!.revision })];
            },
          });
          known = result.revision;
        }
        return known;
      }),
    );
    const events = await collect(writers[0]!.readStream(stream));
    t.same(
      events.map((e) => e.revision),
      Array.from({ length: 51 }, (_, i) => i),
      'all fifty appended, revisions contiguous',
    );
    t.ok(redecided > 0, `${redecided} lost races decided again`);
    t.ok(outcomes.includes(50), 'the last one saw the whole stream');
    const nothing = await writers[1]!.append(stream, [newEvent('Late')], { expectedRevision: 3, redecide: () => [] });
    t.same([nothing.revision, nothing.events], [50, []], 'deciding nothing on the newer events appends nothing');
    const refusal = new Error('refused on the current state');
    await t.rejects(
      writers[1]!.append(stream, [newEvent('Late')], {
        expectedRevision: 3,
        redecide: () => {
          throw refusal;
        },
      }),
      refusal,
      'a redecision that refuses fails its append with its own error',
    );
    t.equal((await collect(writers[0]!.readStream(stream))).length, 51);
  });

  t.test('one idempotency key appends once, whichever process and stream it comes through', async (t) => {
    const { stores: opened } = await stores(t, 2);
    const key = `key-${unique()}`;
    const keyed = (i: number) => {
      const event = newEvent('Measured', { i });
      event.metadata.idempotency = { key, request: 'r', status: 201 };
      return [event, newEvent('Noted', { i })];
    };
    const attempts = opened.flatMap((store, s) =>
      Array.from({ length: 5 }, (_, i) =>
        store.append(`recommendation-${unique()}`, keyed(s * 5 + i), { expectedRevision: 'any' }),
      ),
    );
    const { values, errors } = await settle(attempts);
    t.equal(values.length, 1, 'one append under the key');
    t.equal(errors.length, 9);
    t.ok(
      errors.every((e) => e instanceof IdempotencyKeyTaken && e.position === values[0]!.events[0]!.position),
      'the others are told the key is taken, and where its first append is',
    );
    const rows = await sql(url!, `SELECT count(*)::int AS n FROM "${opened[0]!.schema}".events`);
    t.equal(rows[0]!.n, 2, 'two events in the log: the one append');
  });

  t.test('a live subscription hears other processes, also after its notification connection was cut', async (t) => {
    const {
      stores: [listener, writer],
    } = await stores(t, 2, { pollMs: 0 });
    const stream = `report-${unique()}`;
    const seen: string[] = [];
    const subscription = listener!.subscribe({ filter: { stream } });
    const reading = (async () => {
      for await (const event of subscription) seen.push(event.type);
    })();
    const until = async (n: number) => {
      for (let i = 0; i < 200 && seen.length < n; i++) await wait(25);
    };
    await wait(300);
    await writer!.append(stream, [newEvent('First')], { expectedRevision: 'no_stream' });
    await until(1);
    t.same(seen, ['First'], 'notified by the other process (no polling here)');
    const cut = await sql<{ cut: boolean }>(
      url!,
      `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    t.ok(cut.length >= 1, 'the listening connection was terminated');
    await writer!.append(stream, [newEvent('Second')], { expectedRevision: 0 });
    await until(2);
    t.same(seen, ['First', 'Second'], 'the event committed while it was cut arrives after it reconnects');
    await subscription.close();
    await reading;
  });

  t.test('tampered and corrupt rows are named; an unreachable server is StoreUnavailable', async (t) => {
    const {
      schema,
      stores: [store],
    } = await stores(t, 1);
    const stream = `recommendation-${unique()}`;
    await store!.append(stream, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 }), newEvent('C', { n: 3 })], {
      expectedRevision: 'no_stream',
    });
    t.same(await verifyChains(store!), { ok: true, events: 3, streams: 1, breaks: [] });
    await sql(url!, `UPDATE "${schema}".events SET data = '{"n":20}' WHERE stream = $1 AND revision = 1`, [stream]);
    const altered = await verifyChains(store!);
    t.same(altered.breaks, [{ stream, revision: 1, reason: 'altered' }], 'an altered event is named');
    await sql(url!, `UPDATE "${schema}".events SET metadata = '[]' WHERE stream = $1 AND revision = 2`, [stream]);
    await t.rejects(collect(store!.readStream(stream)), CorruptEvent, 'a row that cannot be decoded is CorruptEvent');
    const unreachable = await PostgresEventStore.connect('postgres://postgres@127.0.0.1:1/postgres').catch((e) => e);
    t.ok(unreachable instanceof StoreUnavailable, 'no server: StoreUnavailable');
  });
}
