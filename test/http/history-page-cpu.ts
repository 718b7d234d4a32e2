/**
 * CPU of one page of a long history: the last 10 events of a stream of `--events` (default 10,000), read as the
 * service reads them (status at the page's start from the read models) and as it did before (the events before the
 * page folded from the stream). process.cpuUsage, user + system, over `--rounds` pages each; an in-memory store.
 * Not a test: `npx tsx test/http/history-page-cpu.ts --events 10000` (docs/performance.md, "History pages").
 */
import { parseArgs } from 'node:util';
import { readModelTally, recommendationHistory } from '../../src/app/queries/history.js';
import type { NewEvent, RecordedEvent } from '../../src/eventstore/port.js';
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
