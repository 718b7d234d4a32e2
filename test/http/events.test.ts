import t, { type Test } from 'tap';
import { assertProblem, eventCount, get, loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

interface EventView {
  position: string;
  stream: string;
  revision: number;
  type: string;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

const PUBLIC_TYPES = ['ReportSubmitted', 'ReportPresented', 'ConcludingObservationsAdopted'];

async function withLog(t: Test) {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const { app, tokens } = service;
  await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure);
  return service;
}

t.test('the log in global order, without token events for anyone but an admin', async (t) => {
  const service = await withLog(t);
  const { app, tokens } = service;
  const answer = await get(app, '/v1/events?limit=1000');
  t.equal(answer.status, 200);
  t.match(answer.headers['content-type'], /^application\/json/);
  const events = answer.json.events as EventView[];
  t.equal(answer.json.next, null);
  t.strictSame(
    events.map((e) => e.type),
    [...PUBLIC_TYPES, 'RecommendationIssued', 'RecommendationIssued', 'RecommendationIssued', 'MeasureImplemented'],
  );
  const first = events[0] as EventView;
  t.strictSame(Object.keys(first).sort(), ['data', 'metadata', 'position', 'recordedAt', 'revision', 'stream', 'type']);
  t.equal(first.stream, 'report-cat-c-kaz-4');
  t.equal(first.revision, 0);
  t.match(first.recordedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  t.match(first.metadata, { actor: { tokenId: service.tokenIds.kaz, role: 'state' } });
  t.match(first.data, { reportId: 'cat-c-kaz-4', submittedOn: '2018-12-05' });
  t.ok(events.every((e) => typeof e.position === 'string' && /^\d+$/.test(e.position)));
  t.ok(events.every((e, i) => i === 0 || BigInt(e.position) > BigInt((events[i - 1] as EventView).position)));
  t.notOk(
    events.some((e) => e.stream.startsWith('token')),
    'no token stream',
  );

  for (const token of [undefined, tokens.reader, tokens.kaz, tokens.secretariat]) {
    const seen = await get(app, '/v1/events?limit=1000', token);
    t.notOk(
      (seen.json.events as EventView[]).some((e) => e.type.startsWith('Token')),
      'token events are hidden from non-admins',
    );
    const filtered = await get(app, '/v1/events?type=TokenIssued', token);
    t.strictSame(filtered.json.events, [], 'even when asked for by type');
  }
  const admin = await get(app, '/v1/events?limit=1000', tokens.admin);
  const tokenEvents = (admin.json.events as EventView[]).filter((e) => e.type === 'TokenIssued');
  t.equal(tokenEvents.length, 4, 'an admin sees the tokens issued');
  t.notMatch(admin.body, /"token":"fu_/, 'no secret in the log');
  t.equal(admin.json.events.length, await eventCount(service));
});

t.test('after, limit, type and stream select events; next pages through them', async (t) => {
  const { app } = await withLog(t);
  const all = (await get(app, '/v1/events?limit=1000')).json.events as EventView[];
  const third = all[2] as EventView;
  const after = await get(app, `/v1/events?after=${third.position}&limit=1000`);
  t.strictSame(after.json.events, all.slice(3), 'after is exclusive');

  const paged: EventView[] = [];
  let url = '/v1/events?limit=2';
  for (let page = 0; page < 20; page++) {
    const answer = await get(app, url);
    t.equal(answer.status, 200);
    t.ok(answer.json.events.length <= 2);
    paged.push(...answer.json.events);
    if (answer.json.next === null) break;
    t.equal(answer.json.next, answer.json.events.at(-1).position, 'next is the last position served');
    url = `/v1/events?limit=2&after=${answer.json.next}`;
  }
  t.strictSame(paged, all, 'paging with next serves every event once');

  const types = await get(app, '/v1/events?type=RecommendationIssued');
  t.strictSame(
    types.json.events.map((e: EventView) => e.type),
    ['RecommendationIssued', 'RecommendationIssued', 'RecommendationIssued'],
  );
  const stream = await get(app, `/v1/events?stream=recommendation-${PARA_10}`);
  t.strictSame(
    stream.json.events.map((e: EventView) => [e.stream, e.revision, e.type]),
    [
      [`recommendation-${PARA_10}`, 0, 'RecommendationIssued'],
      [`recommendation-${PARA_10}`, 1, 'MeasureImplemented'],
    ],
  );
  t.strictSame((await get(app, '/v1/events?stream=recommendation-nope')).json.events, []);
  t.strictSame((await get(app, `/v1/events?after=${all.at(-1)?.position}`)).json, { events: [], next: null });

  for (const query of ['after=abc', 'after=-1', 'limit=0', 'limit=x', 'type=Bad%20Type', 'colour=red']) {
    assertProblem(t, await get(app, `/v1/events?${query}`), 400, query);
  }
});

t.test('with Accept: application/x-ndjson every event streams, one JSON object a line', async (t) => {
  const service = await withLog(t);
  const { app, tokens } = service;
  const json = (await get(app, '/v1/events?limit=1000')).json.events as EventView[];
  const ndjson = await get(app, '/v1/events?limit=2', undefined, { accept: 'application/x-ndjson' });
  t.equal(ndjson.status, 200);
  t.match(ndjson.headers['content-type'], /^application\/x-ndjson/);
  t.ok(ndjson.body.endsWith('\n'), 'every line ends with a newline');
  const lines = ndjson.body.trimEnd().split('\n');
  t.strictSame(
    lines.map((line) => JSON.parse(line)),
    json,
    'the same events as JSON, to the end of the log',
  );
  const after = await get(app, `/v1/events?after=${json[4]?.position}`, undefined, { accept: 'application/x-ndjson' });
  t.equal(after.body.trimEnd().split('\n').length, json.length - 5);
  const admin = await get(app, '/v1/events', tokens.admin, { accept: 'application/x-ndjson' });
  t.equal(admin.body.trimEnd().split('\n').length, await eventCount(service), 'an admin streams the token events too');
  const reader = await get(app, '/v1/events', tokens.reader, { accept: 'application/x-ndjson' });
  t.notMatch(reader.body, /"type":"Token/, 'token events are hidden from a reader');
});
