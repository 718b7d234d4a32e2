import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { DuplicateEventId, openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { prepareStatements } from '../../src/eventstore/sqlite/statements.js';
import { eventStoreContract } from './contract.js';
import { collect, newEvent, settle, unique } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-eventstore-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const file = () => join(dir, `${unique()}.db`);

await eventStoreContract(t, 'SqliteEventStore on a file', async () => {
  const db = openDatabase(file());
  const store = new SqliteEventStore(db);
  return {
    store,
    cleanup: async () => {
      await store.close();
      db.close();
    },
  };
});

function fresh(t: Test, options: ConstructorParameters<typeof SqliteEventStore>[1] = {}) {
  const path = file();
  const db = openDatabase(path);
  const store = new SqliteEventStore(db, options);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  return { path, db, store };
}

t.test('openDatabase applies the pragmas and creates the events table', async (t) => {
  const db = openDatabase(file());
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.pragma('synchronous', { simple: true }), 2, 'synchronous=FULL');
  t.equal(db.pragma('foreign_keys', { simple: true }), 1);
  t.equal(db.pragma('temp_store', { simple: true }), 2, 'savepoint journals and sorts in memory');
  t.ok(Number(db.pragma('busy_timeout', { simple: true })) > 0);
  t.equal(db.pragma('temp_store', { simple: true }), 2, 'temp_store=MEMORY: savepoint journals in memory');
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events');
  t.same(columns, ['position', 'id', 'stream', 'revision', 'type', 'data', 'metadata']);
});

t.test('group commit: concurrent appends share transactions', async (t) => {
  const { store } = fresh(t);
  const category = `c${unique()}`;
  const before = store.stats().batches;
  const results = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      store.append(`${category}-${i}`, [newEvent('A')], { expectedRevision: 'no_stream' }),
    ),
  );
  t.equal(results.length, 100);
  const batches = store.stats().batches - before;
  t.ok(batches >= 1 && batches <= 5, `100 appends in ${batches} transaction(s)`);
});

t.test('group commit: a batch is bounded, and a conflict fails only its own append', async (t) => {
  const { store } = fresh(t, { maxBatch: 64 });
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const before = store.stats().batches;
  const { values, errors } = await settle([
    ...Array.from({ length: 199 }, (_, i) =>
      store.append(`report-${unique()}`, [newEvent('A', { i })], { expectedRevision: 'no_stream' }),
    ),
    store.append(stream, [newEvent('B')], { expectedRevision: 5 }),
  ]);
  t.equal(values.length, 199, 'every other append landed');
  t.equal(errors.length, 1);
  t.ok(store.stats().batches - before >= 4, 'no transaction holds more than maxBatch appends');
});

t.test('inline handlers commit with the events; one that throws rolls back only its append', async (t) => {
  const path = file();
  const db = openDatabase(path);
  db.exec('CREATE TABLE seen (position TEXT PRIMARY KEY, type TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO seen (position, type) VALUES (?, ?)');
  const refuse = new Error('the projection refuses this event');
  const store = new SqliteEventStore(db, {
    inline: [
      (event: RecordedEvent) => {
        insert.run(event.position, event.type);
      },
      (event: RecordedEvent) => {
        if (event.type === 'Bad') throw refuse;
      },
    ],
  });
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  const category = `c${unique()}`;
  const outcomes = await Promise.allSettled([
    store.append(`${category}-1`, [newEvent('Good')], { expectedRevision: 'any' }),
    store.append(`${category}-2`, [newEvent('Good'), newEvent('Bad')], { expectedRevision: 'any' }),
    store.append(`${category}-3`, [newEvent('Good')], { expectedRevision: 'any' }),
  ]);
  t.same(
    outcomes.map((o) => o.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  t.equal(
    outcomes[1]?.status === 'rejected' && outcomes[1].reason,
    refuse,
    "the append rejects with the handler's error",
  );
  const events = await collect(store.readAll({ filter: { categories: [category] } }));
  t.same(
    events.map((e) => e.stream),
    [`${category}-1`, `${category}-3`],
    'no event of the failed append is stored',
  );
  const rows = db.prepare('SELECT position FROM seen ORDER BY CAST(position AS INTEGER)').pluck().all();
  t.same(
    rows,
    events.map((e) => e.position),
    'the read model holds exactly the stored events',
  );
  await store.append(`${category}-2`, [newEvent('Good')], { expectedRevision: 'no_stream' });
  t.pass('the stream is usable afterwards');
});

t.test(
  'handlers before commit see each transaction once, with the events it stored; one that throws fails it',
  async (t) => {
    const calls: string[][] = [];
    let refuse = false;
    const { store, db } = fresh(t, {
      inline: [
        (event: RecordedEvent) => {
          if (event.type === 'Bad') throw new Error('the projection refuses this event');
        },
      ],
      beforeCommit: [
        (events) => {
          if (refuse) throw new Error('the read model cannot be written');
          calls.push(events.map((e) => `${e.stream}@${e.position}`));
        },
      ],
    });
    const category = `c${unique()}`;
    const appended = await Promise.allSettled([
      store.append(`${category}-1`, [newEvent('Good'), newEvent('Good')], { expectedRevision: 'any' }),
      store.append(`${category}-2`, [newEvent('Bad')], { expectedRevision: 'any' }),
      store.append(`${category}-3`, [newEvent('Good')], { expectedRevision: 'any' }),
    ]);
    t.same(
      appended.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const events = await collect(store.readAll({ filter: { categories: [category] } }));
    t.same(calls, [events.map((e) => `${e.stream}@${e.position}`)], 'one call, the stored events in log order');
    await store.append(`${category}-2`, [newEvent('Bad')], { expectedRevision: 'any' }).catch(() => {});
    t.equal(calls.length, 1, 'a transaction that stored nothing: no call');
    refuse = true;
    const failed = await Promise.allSettled([
      store.append(`${category}-4`, [newEvent('Good')], { expectedRevision: 'any' }),
      store.append(`${category}-5`, [newEvent('Good')], { expectedRevision: 'any' }),
    ]);
    t.same(
      failed.map((o) => o.status),
      ['rejected', 'rejected'],
      'the whole transaction fails',
    );
    t.equal(db.prepare('SELECT count(*) FROM events').pluck().get(), events.length, 'and stores nothing');
    refuse = false;
    await store.append(`${category}-4`, [newEvent('Good')], { expectedRevision: 'no_stream' });
    t.equal(calls.length, 2, 'the next transaction is called again');
  },
);

t.test('data survives closing and reopening the file; the chain continues', async (t) => {
  const path = file();
  const stream = `report-${unique()}`;
  let db = openDatabase(path);
  let store = new SqliteEventStore(db, { ownsDatabase: true });
  const pending = store.append(stream, [newEvent('A', { n: 1 })], { expectedRevision: 'no_stream' });
  await store.close();
  const first = await pending;
  t.equal(first.revision, 0, 'close() commits queued appends first');
  t.equal(db.open, false, 'ownsDatabase: close() closed the Database');
  db = openDatabase(path);
  store = new SqliteEventStore(db);
  t.teardown(() => db.close());
  t.same(await collect(store.readStream(stream)), first.events);
  const next = await store.append(stream, [newEvent('B')], { expectedRevision: 0 });
  t.equal(next.events[0]?.metadata.previousHash, first.events[0]?.metadata.hash);
  await store.close();
  t.equal(db.open, true, 'by default close() leaves the Database open');
  await t.rejects(store.append(stream, [newEvent('C')], { expectedRevision: 1 }), { name: 'StoreUnavailable' });
});

t.test('UNIQUE(stream, revision) holds even for a direct insert', async (t) => {
  const { db, store } = fresh(t);
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const insert = db.prepare(
    "INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, 0, 'X', '{}', '{}')",
  );
  t.throws(() => insert.run(unique(), stream), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
});

t.test('an event id used elsewhere is refused', async (t) => {
  const { store } = fresh(t);
  const id = randomUUID();
  await store.append(`report-${unique()}`, [newEvent('A', {}, { id })], { expectedRevision: 'any' });
  const error = await store
    .append(`report-${unique()}`, [newEvent('A', {}, { id })], { expectedRevision: 'any' })
    .catch((e) => e);
  t.ok(error instanceof DuplicateEventId);
  const second = await store
    .append(`report-${unique()}`, [newEvent('A'), newEvent('A', {}, { id })], { expectedRevision: 'any' })
    .catch((e) => e);
  t.ok(second instanceof DuplicateEventId, 'also when it is not the first event');
});

t.test('reads page through more than one page', async (t) => {
  const { store } = fresh(t);
  const stream = `report-${unique()}`;
  for (let i = 0; i < 3; i++) {
    await store.append(
      stream,
      Array.from({ length: 400 }, (_, n) => newEvent('A', { n })),
      { expectedRevision: 'any' },
    );
  }
  const events = await collect(store.readStream(stream));
  t.equal(events.length, 1200);
  t.ok(events.every((e, i) => e.revision === i));
  t.equal((await collect(store.readAll())).length, 1200);
  t.equal((await collect(store.readAll({ limit: 700 }))).length, 700);
  t.equal((await collect(store.readAll({ filter: { types: ['A'] } }))).length, 1200);
});

t.test("the log narrowed to one stream reads a page's rows through the stream's index, wherever it lies", async (t) => {
  const { db, store } = fresh(t);
  const sql = prepareStatements(db);
  const plan = (statement: { source: string }, ...params: unknown[]) =>
    db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
      .all(...params)
      .map((row) => row.detail);
  const feed = sql.streamFeedPage({ stream: 'report-x', types: ['A', 'B'] });
  t.strictSame(
    plan(feed.statement, 'report-x', 0, ...feed.params, 10),
    ['SEARCH events USING INDEX sqlite_autoindex_events_2 (stream=? AND revision>?)'],
    'a range of the (stream, revision) index, in its order: no sort of the stream',
  );
  t.match(plan(sql.atPosition, 1n), [/USING INTEGER PRIMARY KEY/], 'the position of a cursor: one seek');
  t.match(plan(sql.entryFrom, 'report-x', 0), [
    /USING (COVERING )?INDEX sqlite_autoindex_events_2 \(stream=\? AND revision>\?\)/,
  ]);
  const stream = `report-${unique()}`;
  for (let i = 0; i < 300; i++) {
    await store.append(stream, [newEvent('A', { i })], { expectedRevision: 'any' });
    await store.append(`report-${unique()}`, [newEvent('A', { i })], { expectedRevision: 'any' });
  }
  const revisions: number[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await collect(store.readAll({ ...(after ? { after } : {}), limit: 10, filter: { stream } }));
    revisions.push(...page.map((e) => e.revision));
    if (page.length < 10) break;
    after = page.at(-1)?.position;
  }
  t.strictSame(
    revisions,
    Array.from({ length: 300 }, (_, i) => i),
    'pages of 10: every event once, in order',
  );
});

t.test('close() ends live subscriptions and refuses later appends', async (t) => {
  const { db, store } = fresh(t);
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const subscription = store.subscribe({ filter: { stream } });
  const seen = collect(subscription);
  await store.close();
  t.equal((await seen).length <= 1, true, 'the iteration ended');
  await t.rejects(store.append(stream, [newEvent('B')], { expectedRevision: 0 }), { name: 'StoreUnavailable' });
  t.equal(await store.ping(), false, 'a closed store is not ready');
  t.equal(db.open, true, 'the Database the caller opened is still open');
});

t.test('a live subscription sees what another connection to the file (another process) appends', async (t) => {
  const path = file();
  const ours = openDatabase(path);
  const theirs = openDatabase(path);
  const store = new SqliteEventStore(ours, { otherWritersPollMs: 20 });
  const other = new SqliteEventStore(theirs);
  t.teardown(async () => {
    await store.close();
    await other.close();
    ours.close();
    theirs.close();
  });
  const stream = `report-${unique()}`;
  const subscription = store.subscribe({ filter: { stream } });
  const seen: string[] = [];
  const reading = (async () => {
    for await (const event of subscription) {
      seen.push(event.type);
      if (seen.length === 2) return;
    }
  })();
  await other.append(stream, [newEvent('Elsewhere')], { expectedRevision: 'no_stream' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.strictSame(seen, ['Elsewhere'], 'woken by the other connection’s commit, without a commit of its own');
  await other.append(stream, [newEvent('Again')], { expectedRevision: 0 });
  // The store's timer never keeps a process alive: this one does, for at most five seconds.
  await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 5000))]);
  t.strictSame(seen, ['Elsewhere', 'Again']);
  await subscription.close();
});
