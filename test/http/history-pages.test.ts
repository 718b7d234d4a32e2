/**
 * A long history is read a page at a time from the store: each page its own events and the one before them, its
 * status after each event the same as in the whole, its hash chain checked up to the link with the page before.
 */
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import t from 'tap';
import { get, loadFoundingCase, measure, PARA_10, post, serviceFor, tempDir } from './harness.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const STREAM = `recommendation-${PARA_10}`;
const MEASURES = 1200;
/** The measure that completes the recommendation: its status turns from in progress to implemented. */
const COMPLETING = 700;

interface Entry {
  revision: number;
  status: string;
  data: { title?: string };
}

t.test(`a stream of ${MEASURES + 1} events, paged`, async (t) => {
  const dataDir = tempDir(t);
  const service = await serviceFor(t, { dataDir });
  await loadFoundingCase(service);
  // The first measure through the API; the rest appended as the command appends it, in one write to be quick.
  const first = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
    ...measure,
    title: 'Measure 1',
  });
  t.equal(first.status, 200, 'a measure recorded', { body: first.body });
  const [recorded] = await collect(service.followup.store.readStream(STREAM, { fromRevision: 1 }));
  if (!recorded) throw new Error('no measure recorded');
  const { hash: _hash, previousHash: _previous, recordedAt: _at, ...metadata } = recorded.metadata;
  const rest = Array.from({ length: MEASURES - 1 }, (_, i) => ({
    type: 'MeasureImplemented',
    data: { ...(recorded.data as object), title: `Measure ${i + 2}`, completes: i + 2 === COMPLETING },
    metadata,
  }));
  await service.followup.store.append(STREAM, rest, { expectedRevision: 1 });
  const page = async (after: number, limit: number) => {
    const answer = await get(service.app, `/v1/recommendations/${PARA_10}/history?after=${after}&limit=${limit}`);
    t.equal(answer.status, 200, `after ${after}`, { body: answer.body.slice(0, 300) });
    return answer.json as { events: Entry[]; next: number | null; integrity: { verified: boolean; brokenAt?: number } };
  };

  await t.test('every event once, in order, the status after each as the whole stream has it', async (t) => {
    const entries: Entry[] = [];
    let after = -1;
    let pages = 0;
    for (;;) {
      const one = await page(after, 250);
      t.ok(one.events.length <= 250);
      t.strictSame(one.integrity, { verified: true });
      entries.push(...one.events);
      pages += 1;
      if (one.next === null) break;
      after = one.next;
    }
    t.equal(pages, 5, '1201 events in pages of 250');
    t.strictSame(
      entries.map((e) => e.revision),
      Array.from({ length: MEASURES + 1 }, (_, i) => i),
    );
    t.equal(entries[0]?.status, 'no_information');
    t.equal(entries[1]?.status, 'in_progress', 'a first measure');
    t.equal(entries[COMPLETING - 1]?.status, 'in_progress', 'before the completing measure');
    t.equal(entries[COMPLETING]?.status, 'implemented', 'the completing measure');
    t.equal(entries[MEASURES]?.status, 'implemented', 'and after it, on a later page');
    const late = await page(1000, 1);
    t.strictSame(
      late.events.map((e) => [e.revision, e.status, e.data.title]),
      [[1001, 'implemented', 'Measure 1001']],
    );
  });

  await t.test('a page checks its own events and the link to the event before it, no more', async (t) => {
    const attacker = new Sqlite(join(dataDir, 'followup.db'));
    t.teardown(() => attacker.close());
    const changed = attacker
      .prepare("UPDATE events SET data = replace(data, 'Measure 499', 'Measure 9') WHERE stream = ? AND revision = 499")
      .run(STREAM);
    t.equal(changed.changes, 1, 'revision 499 rewritten behind the service');
    t.strictSame((await page(-1, 250)).integrity, { verified: true }, 'a page before it cannot see it');
    t.strictSame((await page(250, 249)).integrity, { verified: false, brokenAt: 499 }, 'the page holding it names it');
    t.strictSame(
      (await page(499, 250)).integrity,
      { verified: false, brokenAt: 499 },
      'the page after it names it too: its first event is chained to it',
    );
    t.strictSame((await page(750, 250)).integrity, { verified: true }, 'a later page does not reach it');
  });
});
