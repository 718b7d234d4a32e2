import t from 'tap';
import {
  ADMIN_TOKEN,
  assertProblem,
  call,
  eventCount,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  paragraph10,
  post,
  REPORT_ID,
  serviceFor,
  submitReport,
} from './harness.js';

t.test('a strict body: an unknown field is 400 and named in errors[].path', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const before = await eventCount(service);
  const { symbol, ...rest } = submitReport;
  const answer = await post(app, '/v1/reports', tokens.kaz, { ...rest, sumbol: symbol });
  assertProblem(t, answer, 400, 'a mistyped field');
  t.ok(Array.isArray(answer.json.errors), 'errors lists the failures');
  const paths = (answer.json.errors as { path: string; message: string }[]).map((e) => e.path);
  t.ok(
    paths.some((path) => path.endsWith('sumbol')),
    'the unknown field is named',
    { paths },
  );
  t.ok(
    paths.some((path) => path.endsWith('symbol')),
    'the missing field is named',
    { paths },
  );
  for (const error of answer.json.errors) {
    t.type(error.path, 'string');
    t.type(error.message, 'string');
  }
  const nested = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...paragraph10,
    reportId: undefined,
    followUp: { deadline: '2024-05-12', dedline: '2024-05-12' },
  });
  assertProblem(t, nested, 400, 'an unknown nested field');
  t.ok(
    nested.json.errors.some((e: { path: string }) => e.path.endsWith('dedline')),
    'the nested field is named',
  );
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('wrong types, unknown codes, bad dates, bad values are 400 with errors', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const reports: [string, unknown][] = [
    ['cycle as a string', { ...submitReport, symbol: 'X/1', cycle: '4' }],
    ['an unknown State code', { ...submitReport, symbol: 'X/2', state: 'XXX' }],
    ['a name no State has', { ...submitReport, symbol: 'X/3', state: 'Narnia' }],
    ['an unknown mechanism', { ...submitReport, symbol: 'X/5', mechanism: 'ABC' }],
    ['a date that does not exist', { ...submitReport, symbol: 'X/6', submittedOn: '2018-02-30' }],
    ['a date in another format', { ...submitReport, symbol: 'X/7', submittedOn: '05/12/2018' }],
    ['an instant for a date', { ...submitReport, symbol: 'X/8', submittedOn: '2018-12-05T00:00:00Z' }],
    ['an unknown procedure', { ...submitReport, symbol: 'X/9', procedure: 'fast' }],
    ['a missing field', { state: 'KAZ', mechanism: 'CAT', cycle: 4, symbol: 'X/10' }],
    ['an array for a body', [submitReport]],
    ['null for a body', null],
  ];
  for (const [what, body] of reports) {
    const answer = await post(app, '/v1/reports', tokens.secretariat, body);
    assertProblem(t, answer, 400, what);
    if (body !== null) t.ok(answer.json.errors?.length > 0, `${what}: errors listed`);
  }
  const url = `/v1/recommendations/${PARA_10}`;
  const commands: [string, string, unknown][] = [
    ['a title over 500 characters', `${url}/measures`, { ...measure, title: 'x'.repeat(501) }],
    ['an evidence URL not http(s)', `${url}/measures`, { ...measure, evidence: [{ title: 'x', url: 'ftp://a.b/c' }] }],
    ['a javascript: URL', `${url}/measures`, { ...measure, evidence: [{ title: 'x', url: 'javascript:alert(1)' }] }],
    ['completes as a string', `${url}/measures`, { ...measure, completes: 'yes' }],
    ['an unknown grade', `${url}/assessments`, { grade: 'F', assessedOn: '2025-01-01' }],
    ['an unknown UPR position', `${url}/responses`, { position: 'accepted', respondedOn: '2025-01-01' }],
    ['a text over 20,000 characters', '', { ...paragraph10, paragraph: '98', text: 'x'.repeat(20_001) }],
    ['an unknown recommending State', '', { ...paragraph10, paragraph: '97', recommendingStates: ['XXX'] }],
  ];
  for (const [what, path, body] of commands) {
    const token = path.endsWith('assessments') || path === '' ? tokens.secretariat : tokens.kaz;
    assertProblem(t, await post(app, path || '/v1/recommendations', token, body), 400, what);
  }
  const invalidJson = await call(app, {
    method: 'POST',
    url: '/v1/reports',
    token: tokens.kaz,
    body: '{"state": "KAZ",',
    headers: { 'content-type': 'application/json' },
  });
  assertProblem(t, invalidJson, 400, 'a body that is not JSON');
  const badMatch = await post(app, `${url}/measures`, tokens.kaz, measure, { 'if-match': 'yesterday' });
  assertProblem(t, badMatch, 400, 'an If-Match that names no revision');
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('401 with WWW-Authenticate: Bearer for a missing, garbled, unknown or revoked token', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens, tokenIds } = service;
  const unauthorised = async (what: string, authorization?: string) => {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const answer = await call(app, { method: 'POST', url: '/v1/reports', body: submitReport, headers });
    assertProblem(t, answer, 401, what);
    t.match(answer.headers['www-authenticate'], /^Bearer\b/, `${what}: WWW-Authenticate`);
  };
  await unauthorised('no token');
  await unauthorised('a garbled header', 'Bearer');
  await unauthorised('another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`);
  await unauthorised('a token with spaces', 'Bearer two words');
  await unauthorised('an unknown token', 'Bearer fu_not-a-token-this-service-issued');
  await unauthorised('the admin token misspelt', `Bearer ${ADMIN_TOKEN}x`);

  t.equal((await post(app, '/v1/reports', tokens.kaz, submitReport)).status, 201, 'the token works');
  const revoked = await call(app, { method: 'DELETE', url: `/v1/tokens/${tokenIds.kaz}`, token: tokens.admin });
  t.equal(revoked.status, 204);
  t.equal(revoked.body, '');
  await unauthorised('a revoked token', `Bearer ${tokens.kaz}`);
  const read = await get(app, `/v1/reports/${REPORT_ID}`, tokens.kaz);
  assertProblem(t, read, 401, 'a revoked token on a public read');
  t.equal((await get(app, `/v1/reports/${REPORT_ID}`)).status, 200, 'the read itself stays public');
});

t.test('413 for a huge body, 415 for a body that is not JSON; nothing appended', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const huge = { ...measure, description: 'x'.repeat(2 * 1024 * 1024) };
  assertProblem(t, await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, huge), 413, 'a huge body');
  const text = await call(app, {
    method: 'POST',
    url: '/v1/reports',
    token: tokens.kaz,
    body: JSON.stringify(submitReport),
    headers: { 'content-type': 'text/plain' },
  });
  assertProblem(t, text, 415, 'text/plain');
  const form = await call(app, {
    method: 'POST',
    url: `/v1/recommendations/${PARA_10}/measures`,
    token: tokens.kaz,
    body: 'title=Law&institution=Parliament&implementedOn=2023-06-01',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assertProblem(t, form, 415, 'a form');
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('404 for an unknown route or resource, as problem+json', async (t) => {
  const { app } = await serviceFor(t);
  assertProblem(t, await get(app, '/v1/nothing-here'), 404, 'an unknown route');
  assertProblem(t, await get(app, '/v2/reports/cat-c-kaz-4'), 404, 'another version');
  assertProblem(t, await get(app, '/v1/reports/cat-c-kaz-99'), 404, 'an unknown report');
  assertProblem(t, await call(app, { method: 'DELETE', url: '/v1/tokens/nope', token: ADMIN_TOKEN }), 404, 'token');
});

t.test('the longest ids are reachable; an over-long or malformed URL is a problem too', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const symbol = `CAT/C/KAZ/${'A'.repeat(90)}`;
  const paragraph = `1${'a'.repeat(39)}`;
  const issued = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...paragraph10,
    reportId: undefined,
    symbol,
    paragraph,
  });
  t.equal(issued.status, 201);
  const location = issued.headers.location as string;
  t.ok(issued.json.id.length > 130, 'a long id');
  t.equal((await get(app, location)).status, 200, 'its Location can be read');
  t.equal((await post(app, `${location}/measures`, tokens.kaz, measure)).status, 200, 'and written to');
  assertProblem(t, await get(app, `/v1/recommendations/${'x'.repeat(300)}`), 414, 'an over-long id');
  assertProblem(t, await get(app, '/v1/reports/%E0%A4%A'), 400, 'a malformed URL');
});

t.test('a DELETE sent with Content-Type: application/json and no body revokes all the same', async (t) => {
  const { app, tokens, tokenIds } = await serviceFor(t);
  const revoked = await call(app, {
    method: 'DELETE',
    url: `/v1/tokens/${tokenIds.reader}`,
    token: tokens.admin,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(revoked.status, 204);
  assertProblem(t, await get(app, '/v1/states', tokens.reader), 401, 'the revoked reader');
  const empty = await call(app, {
    method: 'POST',
    url: '/v1/reports',
    token: tokens.kaz,
    headers: { 'content-type': 'application/json' },
  });
  assertProblem(t, empty, 400, 'a POST without a body is still refused');
});
