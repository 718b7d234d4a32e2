/** R2 and R3 under load: many writers on one stream and across streams, and idempotent retries racing each other. */
import t from 'tap';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { type Answer, measure, PARA_10, PARA_12A, post, type Service } from '../http/harness.js';
import { liveAndRebuilt, SOAK } from './read-models.js';
import { serviceFor } from './service.js';

const WRITERS = SOAK ? 1000 : 200;
const measures = (id: string) => `/v1/recommendations/${id}/measures`;

async function streamEvents(service: Service, id: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of service.followup.store.readStream(`recommendation-${id}`)) events.push(event);
  return events;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

t.test(
  `${WRITERS} concurrent commands on one recommendation without If-Match: none lost, revisions contiguous`,
  async (t) => {
    const service = await serviceFor(t);
    const { app, tokens } = service;
    const start = (await streamEvents(service, PARA_10)).length;
    const answers = await Promise.all(
      range(1, WRITERS).map((n) => post(app, measures(PARA_10), tokens.kaz, { ...measure, title: `Measure ${n}` })),
    );
    t.strictSame(new Set(answers.map((a) => a.status)), new Set([200]), 'every command answered 200');
    const revisions = answers.map((a) => a.json.revision).sort((a, b) => a - b);
    t.strictSame(revisions, range(start, WRITERS), 'each answer names its own revision, contiguous after the start');
    const events = await streamEvents(service, PARA_10);
    t.strictSame(
      events.map((e) => e.revision),
      range(0, start + WRITERS),
      'the stream has every revision once',
    );
    const titles = new Set(
      events.filter((e) => e.type === 'MeasureImplemented').map((e) => (e.data as { title: string }).title),
    );
    t.equal(titles.size, WRITERS, 'every measure is in the log once');
    for (const answer of answers) {
      const stored = events[answer.json.revision];
      t.equal(stored?.position, answer.json.position, `revision ${answer.json.revision} at the answered position`);
    }
    const view = await post(app, measures(PARA_10), tokens.kaz, measure);
    t.equal(view.json.revision, start + WRITERS, 'the next command continues the sequence');
    const { live, rebuilt } = await liveAndRebuilt(service.followup.db, service.followup.store);
    t.strictSame(live, rebuilt, 'read models equal a rebuild after the burst');
    t.comment(
      `R2 figures: ${WRITERS} concurrent commands on one stream, revisions ${start}..${start + WRITERS - 1}, 0 lost, 0 duplicated`,
    );
  },
);

t.test(
  `${WRITERS} concurrent commands naming one revision: exactly one 200, the rest 412, nothing else appended`,
  async (t) => {
    const service = await serviceFor(t);
    const { app, tokens } = service;
    const current = (await streamEvents(service, PARA_10)).length - 1;
    const head = await service.followup.store.headPosition();
    const answers = await Promise.all(
      range(1, WRITERS).map((n) =>
        post(
          app,
          measures(PARA_10),
          tokens.kaz,
          { ...measure, title: `Measure ${n}` },
          { 'if-match': `W/"${current}"` },
        ),
      ),
    );
    const byStatus = (status: number) => answers.filter((a) => a.status === status);
    t.equal(byStatus(200).length, 1, 'one winner');
    t.equal(byStatus(412).length, WRITERS - 1, 'the others are stale');
    for (const stale of byStatus(412)) t.match(stale.headers['content-type'], /^application\/problem\+json/);
    t.equal((await streamEvents(service, PARA_10)).length, current + 2, 'one event appended');
    t.not(await service.followup.store.headPosition(), head);
    const stale = await post(app, measures(PARA_10), tokens.kaz, measure, { 'if-match': `W/"${current}"` });
    t.equal(stale.status, 412, 'the old revision stays stale');
  },
);

t.test('concurrent commands across streams: every stream contiguous, every answer in the log', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const ids = [PARA_10, PARA_12A];
  const before = new Map(
    await Promise.all(ids.map(async (id) => [id, (await streamEvents(service, id)).length] as const)),
  );
  const answers: Answer[] = await Promise.all(
    range(0, WRITERS).map((n) =>
      n % 3 === 2
        ? post(app, `/v1/recommendations/${ids[n % 2]}/follow-up-replies`, tokens.secretariat, {
            receivedOn: '2024-05-13',
          })
        : post(app, measures(ids[n % 2] ?? PARA_10), tokens.kaz, { ...measure, title: `Measure ${n}` }),
    ),
  );
  t.strictSame(new Set(answers.map((a) => a.status)), new Set([200]));
  for (const id of ids) {
    const events = await streamEvents(service, id);
    t.strictSame(
      events.map((e) => e.revision),
      range(0, events.length),
      `${id}: contiguous`,
    );
    t.equal(events.length - (before.get(id) ?? 0), WRITERS / 2, `${id}: every command appended`);
  }
  const { live, rebuilt } = await liveAndRebuilt(service.followup.db, service.followup.store);
  t.strictSame(live, rebuilt, 'read models equal a rebuild');
});

t.test('retries racing: the same key in flight at once appends one event and answers identically', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const KEYS = WRITERS / 4;
  const COPIES = 4;
  const head = Number(await service.followup.store.headPosition());
  const requests = range(0, KEYS).flatMap((k) =>
    range(0, COPIES).map(() =>
      post(
        app,
        measures(k % 2 ? PARA_10 : PARA_12A),
        tokens.kaz,
        { ...measure, title: `Keyed ${k}` },
        { 'idempotency-key': `race-${k}` },
      ),
    ),
  );
  const answers = await Promise.all(requests);
  t.strictSame(new Set(answers.map((a) => a.status)), new Set([200]), 'every copy answered 200');
  for (let k = 0; k < KEYS; k++) {
    const copies = answers.slice(k * COPIES, (k + 1) * COPIES);
    t.equal(new Set(copies.map((a) => a.body)).size, 1, `race-${k}: identical answers`);
    t.equal(new Set(copies.map((a) => a.headers.etag)).size, 1, `race-${k}: identical ETag`);
  }
  t.equal(Number(await service.followup.store.headPosition()), head + KEYS, 'one event per key');
  const again = await post(
    app,
    measures(PARA_12A),
    tokens.kaz,
    { ...measure, title: 'Keyed 0' },
    { 'idempotency-key': 'race-0' },
  );
  t.equal(again.body, answers[0]?.body, 'a later retry answers the same');
  const other = await post(
    app,
    measures(PARA_12A),
    tokens.kaz,
    { ...measure, title: 'another body' },
    { 'idempotency-key': 'race-0' },
  );
  t.equal(other.status, 422, 'the key with another body is refused');
  t.equal(Number(await service.followup.store.headPosition()), head + KEYS, 'still one event per key');
  t.comment(
    `R3 figures: ${KEYS} keys × ${COPIES} copies in flight at once (${KEYS * COPIES} requests): ${KEYS} events, identical answers per key`,
  );
});
