/**
 * Reading a long history page by page costs each page its own events: every event once, in order, the status after
 * each as the whole stream has it, and the events read from the store for one page the same wherever it lies (counted
 * through the real store, not timed: speed is the bench's). A bad cursor is a 400 and changes nothing.
 */
import t from 'tap';
import { type KnownTally, readModelTally, recommendationHistory } from '../../src/app/queries/history.js';
import { talliedStatus } from '../../src/domain/recommendation/status.js';
import type { NewEvent, RecordedEvent } from '../../src/eventstore/port.js';
import { counted } from '../eventstore/counted-reads.js';
import { assertProblem, get, loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

const STREAM = `recommendation-${PARA_10}`;
const EVENTS = 1000;
const LIMIT = 10;
/** Revisions of the stream: a statement that it had not started, the first measure, the one completing it. */
const NOT_STARTED = 1;
const FIRST_MEASURE = 2;
const COMPLETING = 777;

interface Entry {
  revision: number;
  status: string;
}
interface Page {
  events: Entry[];
  next: number | null;
  integrity: { verified: boolean };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

t.test(`a stream of ${EVENTS} events read ${LIMIT} at a time`, async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  // Revision 1: a statement that it had not started; revision 2: a first measure; both through the API.
  const said = await post(service.app, `/v1/recommendations/${PARA_10}/not-started`, service.tokens.kaz, {
    recordedOn: '2024-06-01',
  });
  t.equal(said.status, 200, 'not started, said', { body: said.body });
  const first = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  t.equal(first.status, 200, 'a measure recorded', { body: first.body });
  const [recorded] = await collect(service.followup.store.readStream(STREAM, { fromRevision: FIRST_MEASURE }));
  if (!recorded) throw new Error('no measure recorded');
  // The rest appended as the command appends a measure, in one write to be quick.
  const { hash: _hash, previousHash: _previous, recordedAt: _at, ...metadata } = recorded.metadata;
  const data = recorded.data as Record<string, unknown>;
  const events: NewEvent[] = Array.from({ length: EVENTS - FIRST_MEASURE - 1 }, (_, i) => ({
    type: 'MeasureImplemented',
    data: { ...data, title: `Measure ${i + FIRST_MEASURE + 1}`, completes: i + FIRST_MEASURE + 1 === COMPLETING },
    metadata,
  }));
  await service.followup.store.append(STREAM, events, { expectedRevision: FIRST_MEASURE });
  const whole = await recommendationHistory(service.followup.store, PARA_10);
  const statuses = whole?.events.map((e) => e.status) ?? [];
  t.equal(statuses.length, EVENTS, 'the whole stream, folded from its first event');
  t.equal(statuses[0], 'no_information');
  t.equal(statuses[NOT_STARTED], 'not_started', 'said not to have started');
  t.equal(statuses[FIRST_MEASURE], 'in_progress', 'the first measure');
  t.equal(statuses[COMPLETING - 1], 'in_progress');
  t.equal(statuses[COMPLETING], 'implemented', 'the completing measure');
  t.equal(statuses[EVENTS - 1], 'implemented');

  await t.test('every event once, in order, next the revision to go on after, none on the last page', async (t) => {
    const seen: Entry[] = [];
    let after = -1;
    let pages = 0;
    for (;;) {
      const answer = await get(service.app, `/v1/recommendations/${PARA_10}/history?after=${after}&limit=${LIMIT}`);
      if (answer.status !== 200) {
        t.fail(`after ${after}: ${answer.status}`, { body: answer.body });
        break;
      }
      const page = answer.json as Page;
      pages += 1;
      seen.push(...page.events);
      if (page.events.length !== LIMIT || !page.integrity.verified) t.fail(`page after ${after}`, { page });
      if (page.next === null) break;
      if (page.next !== page.events.at(-1)?.revision) t.fail(`next after ${after} is not its last revision`);
      after = page.next;
    }
    t.equal(pages, EVENTS / LIMIT, 'a hundred pages, the last one with next null');
    t.strictSame(
      seen.map((e) => e.revision),
      Array.from({ length: EVENTS }, (_, i) => i),
      'every revision once, in order',
    );
    t.strictSame(
      seen.map((e) => e.status),
      statuses,
      'the status after each event as the whole stream has it',
    );
    const past = (await get(service.app, `/v1/recommendations/${PARA_10}/history?after=${EVENTS + 5}`)).json as Page;
    t.strictSame([past.events, past.next, past.integrity], [[], null, { verified: true }], 'after the end: empty');
  });

  await t.test('a page reads its own events from the store, wherever it lies', async (t) => {
    const known = readModelTally(service.followup.readModels, PARA_10);
    const readFor = async (after: number, tally?: KnownTally) => {
      const reader = counted(service.followup.store);
      const page = await recommendationHistory(reader.store, PARA_10, { after, limit: LIMIT }, tally);
      return { read: reader.read(), page };
    };
    t.equal((await readFor(-1, known)).read, LIMIT + 1, 'the first page: its events and one more');
    for (const after of [0, NOT_STARTED, FIRST_MEASURE, 9, 499, COMPLETING - 1, COMPLETING, EVENTS - 2 * LIMIT - 1]) {
      const { read, page } = await readFor(after, known);
      t.equal(read, LIMIT + 2, `after ${after}: the event before, the page, one more`);
      t.strictSame(
        page?.events.map((e) => e.status),
        statuses.slice(after + 1, after + 1 + LIMIT),
        `after ${after}: the statuses of the whole`,
      );
    }
    t.equal((await readFor(EVENTS - LIMIT - 1, known)).read, LIMIT + 1, 'the last page: the event before, the page');
    // Read models that have not applied the page's first event yet (a replica behind): the events before are folded.
    const behind = readModelTally({ currentPosition: () => '0', statusFirsts: () => ({}) }, PARA_10);
    const folded = await readFor(COMPLETING, behind);
    t.equal(folded.read, COMPLETING + 1 + LIMIT + 2, 'behind: the events up to the page are read once more');
    t.strictSame(
      folded.page?.events.map((e) => e.status),
      statuses.slice(COMPLETING + 1, COMPLETING + 1 + LIMIT),
      'and give the same statuses',
    );
  });

  await t.test(
    'the status after every revision, from the read models, is the one folded from the stream',
    async (t) => {
      const known = readModelTally(service.followup.readModels, PARA_10);
      const all: RecordedEvent[] = await collect(service.followup.store.readStream(STREAM));
      const told = all.map((event) => {
        const tally = known(event.revision, event.position);
        return tally?.issued ? talliedStatus(tally) : tally && 'no_information';
      });
      t.strictSame(told, statuses);
    },
  );

  await t.test('a bad cursor or limit is a 400 problem and changes nothing', async (t) => {
    const head = await service.followup.store.headPosition();
    for (const query of ['after=abc', 'after=-2', 'after=1.5', 'after=1e400', 'after=9007199254740993', 'limit=0']) {
      assertProblem(t, await get(service.app, `/v1/recommendations/${PARA_10}/history?${query}`), 400, query);
    }
    assertProblem(t, await get(service.app, `/v1/recommendations/${PARA_10}/history?limit=1001`), 400, 'limit=1001');
    assertProblem(t, await get(service.app, `/v1/recommendations/${PARA_10}/history?cursor=9`), 400, 'no such field');
    t.equal(await service.followup.store.headPosition(), head, 'nothing appended');
    const again = (await get(service.app, `/v1/recommendations/${PARA_10}/history?after=499&limit=${LIMIT}`)).json;
    t.strictSame(
      (again as Page).events.map((e) => e.revision),
      Array.from({ length: LIMIT }, (_, i) => 500 + i),
      'and the pages read as before',
    );
  });
});
