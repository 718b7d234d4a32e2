/**
 * CPU of one page of a long history: the last 10 events of a stream of `--events` (default 10,000), read as the
 * service reads them (status at the page's start from the read models) and as it did before (the events before the
 * page folded from the stream). process.cpuUsage, user + system, over `--rounds` pages each; an in-memory store.
 * Not a test: `npx tsx test/http/history-page-cpu.ts --events 10000` (docs/performance.md, "History pages").
 */
import { parseArgs } from 'node:util';
import { readModelTally, recommendationHistory } from '../../src/app/queries/history.js';
import type { NewEvent, RecordedEvent } from '../../src/eventstore/port.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { newEvent as event } from '../eventstore/fixtures.js';
import { loadFoundingCase, measure, PARA_10, post, startService } from './harness.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '20' } },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const STREAM = `recommendation-${PARA_10}`;

const service = await startService();
await loadFoundingCase(service);
await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
let recorded: RecordedEvent | undefined;
for await (const event of service.followup.store.readStream(STREAM, { fromRevision: 1 })) recorded = event;
if (!recorded) throw new Error('no measure');
const { hash: _h, previousHash: _p, recordedAt: _a, ...metadata } = recorded.metadata;
for (let revision = 2; revision < EVENTS; revision += 1000) {
  const events: NewEvent[] = [];
  for (let r = revision; r < Math.min(revision + 1000, EVENTS); r++) {
    events.push({
      type: 'MeasureImplemented',
      data: { ...(recorded.data as object), title: `Measure ${r}` },
      metadata,
    });
  }
  await service.followup.store.append(STREAM, events, { expectedRevision: revision - 1 });
}
const after = EVENTS - 11;
const known = readModelTally(service.followup.readModels, PARA_10);
const cpu = async (label: string, tally?: typeof known) => {
  await recommendationHistory(service.followup.store, PARA_10, { after, limit: 10 }, tally);
  const start = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++)
    await recommendationHistory(service.followup.store, PARA_10, { after, limit: 10 }, tally);
  const used = process.cpuUsage(start);
  console.log(
    `${label}: ${((used.user + used.system) / 1000 / ROUNDS).toFixed(2)} ms CPU per page (${EVENTS} events, after=${after}, limit=10)`,
  );
};
await cpu('folded (before)');
await cpu('read models (after)', known);
await service.close();

// The log narrowed to the same stream (GET /v1/events?stream=), its events each after another stream's: a page of 10
// from the stream's start, its middle and its end, by the SQL it was read with before and through the store now.
const db = openDatabase(':memory:');
const store = new SqliteEventStore(db);
for (let i = 0; i < EVENTS; i++) {
  await store.append('report-other', [event('A')], { expectedRevision: 'any' });
  await store.append('report-ours', [event('A')], { expectedRevision: 'any' });
}
const ours: string[] = [];
for await (const event of store.readAll({ filter: { stream: 'report-ours' } })) ours.push(event.position);
const before = db.prepare(
  'SELECT position, id, stream, revision, type, data, metadata FROM events WHERE position > ? AND stream = ? ORDER BY position LIMIT ?',
);
for (const [label, at] of [
  ['start', '0'],
  ['middle', ours[Math.floor(EVENTS / 2)]],
  ['end', ours[EVENTS - 11]],
] as const) {
  const start = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) before.all(BigInt(at ?? '0'), 'report-ours', 10);
  const old = process.cpuUsage(start);
  const now = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++)
    for await (const _ of store.readAll({ after: at ?? '0', limit: 10, filter: { stream: 'report-ours' } }));
  const used = process.cpuUsage(now);
  const ms = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / ROUNDS).toFixed(2);
  console.log(`events?stream=, page at the ${label}: ${ms(old)} ms CPU before (SQL alone), ${ms(used)} ms now (store)`);
}
await store.close();
db.close();
