/** R8: any stored event altered, removed or moved behind the store's back is named by stream and revision. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { eventHash, verifyChains, verifyStream } from '../../src/eventstore/integrity.js';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { collect, newEvent, unique } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-integrity-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Three streams of five events, appended interleaved; `target` is the stream the tests tamper with. */
async function seeded(t: Test) {
  const db = openDatabase(join(dir, `${unique()}.db`));
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  const streams = [`recommendation-${unique()}`, `recommendation-${unique()}`, `report-${unique()}`];
  for (let i = 0; i < 5; i++) {
    for (const stream of streams) {
      await store.append(stream, [newEvent('MeasureRecorded', { i, text: `measure ${i} é ✓` })], {
        expectedRevision: 'any',
      });
    }
  }
  const target = streams[1]!;
  const exec = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const row = (revision: number) =>
    db
      .prepare('SELECT position, id, type, data, metadata FROM events WHERE stream = ? AND revision = ?')
      .get(target, revision) as { position: number; id: string; type: string; data: string; metadata: string };
  const readTarget = () => collect(store.readStream(target));
  return { db, store, target, exec, row, readTarget };
}

/** The same text with the character at `index` replaced by another one. */
const alter = (text: string, index: number) =>
  text.slice(0, index) + (text[index] === 'a' ? 'b' : 'a') + text.slice(index + 1);

t.test('an untouched log verifies', async (t) => {
  const { store, readTarget } = await seeded(t);
  const result = await verifyChains(store);
  t.same(result, { ok: true, events: 15, streams: 3, breaks: [] });
  t.same(verifyStream(await readTarget()), { ok: true });
});

t.test('one byte of the data altered in SQL: named', async (t) => {
  const { store, target, exec, readTarget } = await seeded(t);
  exec("UPDATE events SET data = replace(data, 'measure 2', 'measure 3') WHERE stream = ? AND revision = 2", target);
  t.same((await verifyChains(store)).breaks, [{ stream: target, revision: 2, reason: 'altered' }]);
  t.same(verifyStream(await readTarget()), { ok: false, revision: 2, reason: 'altered' });
});

t.test('any character of any column of an event altered: named', async (t) => {
  const { store, target, exec, row } = await seeded(t);
  const original = row(3);
  let named = 0;
  let tried = 0;
  for (const column of ['data', 'metadata', 'id', 'type'] as const) {
    const text = original[column];
    for (let i = 0; i < text.length; i++) {
      exec(`UPDATE events SET ${column} = ? WHERE position = ?`, alter(text, i), original.position);
      const { breaks } = await verifyChains(store);
      tried++;
      if (breaks.length > 0 && breaks.every((b) => b.stream === target && b.revision === 3)) named++;
      else t.fail(`${column}[${i}] altered: ${JSON.stringify(breaks)}`);
    }
    exec(`UPDATE events SET ${column} = ? WHERE position = ?`, text, original.position);
  }
  t.equal(named, tried, `${tried} alterations, each named as ${target}@3`);
  t.equal((await verifyChains(store)).ok, true, 'restored, it verifies again');
});

t.test('an event deleted from the middle of a stream: named as missing', async (t) => {
  const { store, target, exec, readTarget } = await seeded(t);
  exec('DELETE FROM events WHERE stream = ? AND revision = 2', target);
  t.same((await verifyChains(store)).breaks, [{ stream: target, revision: 2, reason: 'missing' }]);
  t.same(verifyStream(await readTarget()), { ok: false, revision: 2, reason: 'missing' });
});

t.test('an event deleted and the later ones renumbered: named as missing', async (t) => {
  const { store, target, exec } = await seeded(t);
  exec('DELETE FROM events WHERE stream = ? AND revision = 1', target);
  exec('UPDATE events SET revision = revision - 1 WHERE stream = ? AND revision > 1', target);
  const { breaks } = await verifyChains(store);
  t.match(breaks[0], { stream: target, revision: 1, reason: 'missing' });
});

t.test('the last event deleted: named when the expected head is known', async (t) => {
  const { store, target, exec, readTarget } = await seeded(t);
  exec('DELETE FROM events WHERE stream = ? AND revision = 4', target);
  t.equal((await verifyChains(store)).ok, true, 'a truncated tail leaves no trace in the chain itself');
  const heads = [[target, { revision: 4 }] as const];
  t.same((await verifyChains(store, { heads })).breaks, [{ stream: target, revision: 4, reason: 'missing' }]);
  t.same(verifyStream(await readTarget(), { head: { revision: 4 } }), { ok: false, revision: 4, reason: 'missing' });
  const gone = `report-${unique()}`;
  t.same((await verifyChains(store, { heads: [[gone, { revision: 0 }]] })).breaks, [
    { stream: gone, revision: 0, reason: 'missing' },
  ]);
});

t.test("two events' revisions swapped: named as reordered", async (t) => {
  const { store, target, exec, readTarget } = await seeded(t);
  exec('UPDATE events SET revision = 1000 WHERE stream = ? AND revision = 1', target);
  exec('UPDATE events SET revision = 1 WHERE stream = ? AND revision = 2', target);
  exec('UPDATE events SET revision = 2 WHERE stream = ? AND revision = 1000', target);
  t.same((await verifyChains(store)).breaks, [
    { stream: target, revision: 1, reason: 'reordered' },
    { stream: target, revision: 2, reason: 'reordered' },
  ]);
  t.same(verifyStream(await readTarget()), { ok: false, revision: 1, reason: 'reordered' });
});

t.test('an event altered and re-hashed: its successor no longer chains, so it is named', async (t) => {
  const { store, target, exec, row } = await seeded(t);
  const [event] = await collect(store.readStream(target, { fromRevision: 2, limit: 1 }));
  const forged = { ...event!, data: { i: 2, text: 'forged' } };
  const metadata = { ...forged.metadata, hash: eventHash(forged, forged.metadata.previousHash) };
  exec(
    'UPDATE events SET data = ?, metadata = ? WHERE position = ?',
    JSON.stringify(forged.data),
    JSON.stringify(metadata),
    row(2).position,
  );
  t.same((await verifyChains(store)).breaks, [{ stream: target, revision: 2, reason: 'altered' }]);
});

t.test('eventHash: canonical, covers the chain link, ignores the position', async (t) => {
  const { readTarget } = await seeded(t);
  const [first, second] = await readTarget();
  const event = second as RecordedEvent;
  const reordered = {
    metadata: { ...event.metadata },
    data: Object.fromEntries(Object.entries(event.data as object).reverse()),
    type: event.type,
    revision: event.revision,
    stream: event.stream,
    id: event.id,
  };
  t.equal(eventHash(reordered, event.metadata.previousHash), event.metadata.hash, 'key order does not matter');
  t.equal(eventHash({ ...event, position: '999' } as RecordedEvent, event.metadata.previousHash), event.metadata.hash);
  t.not(eventHash(event, null), event.metadata.hash, 'the previous hash is covered');
  t.equal(event.metadata.previousHash, first?.metadata.hash);
});
