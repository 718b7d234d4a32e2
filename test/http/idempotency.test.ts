import t from 'tap';
import {
  ADMIN_TOKEN,
  assertProblem,
  eventCount,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  post,
  REPORT_ID,
  serviceFor,
  submitReport,
} from './harness.js';

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;
const key = (value: string) => ({ 'idempotency-key': value });

t.test('a retry with the same key and body answers the first response again and appends nothing', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const first = await post(app, MEASURES, tokens.kaz, measure, key('measure-1'));
  t.equal(first.status, 200);
  const after = await eventCount(service);
  for (let retry = 0; retry < 3; retry++) {
    const again = await post(app, MEASURES, tokens.kaz, { ...measure }, key('measure-1'));
    t.equal(again.status, first.status, 'same status');
    t.equal(again.body, first.body, 'same body');
    t.equal(again.headers.etag, first.headers.etag, 'same ETag');
  }
  const reordered = Object.fromEntries(Object.entries(measure).reverse());
  t.equal(
    (await post(app, MEASURES, tokens.kaz, reordered, key('measure-1'))).body,
    first.body,
    'field order is not a change',
  );
  t.equal(await eventCount(service), after, 'one event only');
  const read = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(read.json.measures.length, 1);

  const other = await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Another' }, key('measure-1'));
  assertProblem(t, other, 422, 'the same key with another body');
  t.equal(await eventCount(service), after, 'nothing appended for the other body');

  const later = await post(app, MEASURES, tokens.kaz, measure, key('measure-2'));
  t.equal(later.status, 200, 'a new key is a new command');
  t.equal(later.json.revision, 2);
});

t.test('a create retried with its key answers 201 again, not 409', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const first = await post(app, '/v1/reports', tokens.kaz, submitReport, key('report-kaz-4'));
  t.equal(first.status, 201);
  const again = await post(app, '/v1/reports', tokens.kaz, submitReport, key('report-kaz-4'));
  t.equal(again.status, 201);
  t.equal(again.body, first.body);
  t.equal(again.headers.location, `/v1/reports/${REPORT_ID}`);
  t.equal(again.headers.etag, 'W/"0"');
  assertProblem(t, await post(app, '/v1/reports', tokens.kaz, submitReport), 409, 'without the key it is a duplicate');
});

t.test('two requests with one key in flight at once: one event, identical answers', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => post(app, MEASURES, tokens.kaz, measure, key('in-flight'))),
  );
  t.strictSame(
    answers.map((a) => a.status),
    Array(5).fill(200),
  );
  t.equal(new Set(answers.map((a) => a.body)).size, 1, 'identical bodies');
  t.equal(await eventCount(service), before + 1, 'one event');
  const racingCreates = await Promise.all(
    Array.from({ length: 5 }, () =>
      post(app, '/v1/reports', tokens.kaz, { ...submitReport, symbol: 'CAT/C/KAZ/5', cycle: 5 }, key('create')),
    ),
  );
  t.strictSame(
    racingCreates.map((a) => a.status),
    Array(5).fill(201),
  );
  t.equal(new Set(racingCreates.map((a) => a.body)).size, 1, 'identical bodies');
  t.equal(await eventCount(service), before + 2, 'one more event');
});

t.test('a key is scoped to the token that sent it', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const byState = await post(app, MEASURES, tokens.kaz, measure, key('shared-key'));
  const byAdmin = await post(app, MEASURES, tokens.admin, measure, key('shared-key'));
  t.equal(byState.status, 200);
  t.equal(byAdmin.status, 200);
  t.not(byAdmin.body, byState.body, 'another token runs its own command');
  t.equal(await eventCount(service), before + 2);
  const otherBody = await post(app, MEASURES, tokens.admin, { ...measure, title: 'x' }, key('shared-key'));
  assertProblem(t, otherBody, 422, "another body under the admin's key");
  const history = await get(app, `/v1/recommendations/${PARA_10}/history`);
  t.strictSame(
    history.json.events.map((e: { actor: { role: string } }) => e.actor.role),
    ['secretariat', 'state', 'admin'],
  );
});

t.test('a failed command does not use up its key', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const early = { ...measure, implementedOn: '2020-01-01' };
  assertProblem(t, await post(app, MEASURES, tokens.kaz, early, key('k')), 422, 'a measure before the recommendation');
  assertProblem(t, await post(app, MEASURES, tokens.kaz, early, key('k')), 422, 'retried, it is decided again');
  t.equal((await post(app, MEASURES, tokens.kaz, measure, key('k'))).status, 200, 'the key is still free');
});

t.test('POST /v1/tokens with a used key is 409: a secret is shown only once', async (t) => {
  const service = await serviceFor(t);
  const { app } = service;
  const body = { name: 'NMIRF Armenia', role: 'state', states: ['ARM'] };
  const first = await post(app, '/v1/tokens', ADMIN_TOKEN, body, key('token-arm'));
  t.equal(first.status, 201);
  const before = await eventCount(service);
  assertProblem(t, await post(app, '/v1/tokens', ADMIN_TOKEN, body, key('token-arm')), 409, 'the same key again');
  assertProblem(
    t,
    await post(app, '/v1/tokens', ADMIN_TOKEN, { ...body, name: 'x' }, key('token-arm')),
    409,
    'other body',
  );
  t.equal(await eventCount(service), before, 'no second token');
  t.notMatch(
    (await post(app, '/v1/tokens', ADMIN_TOKEN, body, key('token-arm'))).body,
    first.json.token,
    'the secret is never shown again',
  );
  const racing = await Promise.all(
    Array.from({ length: 4 }, () => post(app, '/v1/tokens', ADMIN_TOKEN, body, key('token-race'))),
  );
  t.strictSame(
    racing.map((a) => a.status).sort(),
    [201, 409, 409, 409],
    'racing requests under one key: one token, the others 409',
  );
  for (const answer of racing.filter((a) => a.status === 409)) assertProblem(t, answer, 409, 'a raced token key');
  t.equal(await eventCount(service), before + 1, 'one token issued');
});

t.test('an Idempotency-Key must have 1 to 255 characters', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  assertProblem(t, await post(app, MEASURES, tokens.kaz, measure, key('k'.repeat(256))), 400, 'too long a key');
  t.equal((await post(app, MEASURES, tokens.kaz, measure, key('k'.repeat(255)))).status, 200);
});
