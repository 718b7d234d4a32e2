import t from 'tap';
import { assertProblem, call, get, loadFoundingCase, post, serviceFor } from './harness.js';

t.test('/health and /ready answer without a token', async (t) => {
  const service = await serviceFor(t, { publicRead: false });
  const health = await get(service.app, '/health');
  t.equal(health.status, 200);
  t.strictSame(health.json, { status: 'ok' });
  await loadFoundingCase(service);
  const ready = await get(service.app, '/ready');
  t.equal(ready.status, 200);
  t.equal(ready.json.status, 'ready');
  const head = (await get(service.app, '/v1/events?limit=1000', service.tokens.admin)).json.events.at(-1).position;
  t.equal(ready.json.position, head, 'the read models have reached the head of the log');
});

t.test('/metrics serves Prometheus text with request durations', async (t) => {
  const { app } = await serviceFor(t);
  await get(app, '/v1/states');
  await post(app, '/v1/reports', undefined, {});
  const metrics = await get(app, '/metrics');
  t.equal(metrics.status, 200);
  t.match(metrics.headers['content-type'], /^text\/plain/);
  t.match(metrics.body, /# TYPE followup_http_request_duration_seconds histogram/);
  t.match(metrics.body, /followup_http_request_duration_seconds_count\{[^}]*route="\/v1\/states"[^}]*\} [1-9]/);
  t.match(metrics.body, /followup_commands_total\{[^}]*status="401"[^}]*\} 1/);
  t.notMatch(metrics.body, /Bearer|fu_/, 'no secret in the metrics');
  t.notMatch(metrics.body, /\n\n/, 'no blank line');
  t.ok(metrics.body.endsWith('\n'), 'ends with a newline');
  t.ok(
    metrics.body
      .trimEnd()
      .split('\n')
      .every((line) => /^(# (HELP|TYPE) \w+ .+|\w+(\{.*\})? \S+)$/.test(line)),
    'every line is a comment or a sample',
  );
});

t.test('/openapi.json documents the contract, /docs serves its UI', async (t) => {
  const { app } = await serviceFor(t);
  const openapi = await get(app, '/openapi.json');
  t.equal(openapi.status, 200);
  t.match(openapi.json.openapi, /^3\./);
  const paths = Object.keys(openapi.json.paths);
  for (const path of [
    '/v1/reports',
    '/v1/reports/{id}',
    '/v1/reports/{id}/presentation',
    '/v1/reports/{id}/concluding-observations',
    '/v1/recommendations',
    '/v1/recommendations/{id}',
    '/v1/recommendations/{id}/history',
    '/v1/recommendations/{id}/responses',
    '/v1/recommendations/{id}/measures',
    '/v1/recommendations/{id}/follow-up-replies',
    '/v1/recommendations/{id}/assessments',
    '/v1/states',
    '/v1/states/{state}/status',
    '/v1/events',
    '/v1/tokens',
    '/v1/tokens/{id}',
  ]) {
    t.ok(paths.includes(path), `documents ${path}`);
  }
  const submit = openapi.json.paths['/v1/reports'].post;
  t.ok(submit.requestBody, 'the request body is described');
  t.ok(submit.responses['201'], 'and the 201 answer');
  t.ok(openapi.json.paths['/v1/recommendations'].get.parameters.some((p: { name: string }) => p.name === 'cursor'));

  const docs = await get(app, '/docs');
  t.ok([200, 301, 302].includes(docs.status), 'the UI, or a redirect to it');
  if (docs.status === 200) t.match(docs.headers['content-type'], /^text\/html/);
  else t.ok(docs.headers.location);
});

t.test('an unknown path is a 404 problem; a known path asked with another method, 405 with Allow', async (t) => {
  const { app } = await serviceFor(t);
  assertProblem(t, await get(app, '/nothing'), 404, 'an unknown route');
  assertProblem(t, await call(app, { method: 'POST', url: '/nothing', body: {} }), 404, 'any method on it');
  t.equal((await get(app, '/nothing')).headers.allow, undefined, 'without Allow');
  const cases: [method: 'PUT' | 'PATCH' | 'DELETE' | 'POST', url: string, allow: string][] = [
    ['PUT', '/v1/reports', 'POST'],
    ['PATCH', '/v1/reports/cat-c-kaz-4', 'GET, HEAD'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['POST', '/v1/tokens/some-token', 'DELETE'],
    ['PUT', '/v1/recommendations', 'GET, HEAD, POST'],
  ];
  for (const [method, url, allow] of cases) {
    const answer = await call(app, { method, url, body: method === 'DELETE' ? undefined : {} });
    assertProblem(t, answer, 405, `${method} ${url}`);
    t.equal(answer.headers.allow, allow, `${method} ${url}: Allow lists what the path answers`);
    t.match(answer.json.detail, new RegExp(`answers ${allow}, not ${method}$`));
  }
  const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/states' });
  t.equal(preflight.statusCode, 405, 'OPTIONS, with CORS closed');
  t.equal(preflight.headers.allow, 'GET, HEAD');
});

t.test('with CORS open to an origin, its preflight route on every path makes none of them known', async (t) => {
  const { app } = await serviceFor(t, { security: { corsOrigins: ['https://ohchr.example'] } });
  assertProblem(t, await call(app, { method: 'POST', url: '/nothing', body: {} }), 404, 'an unknown path');
  const put = await call(app, { method: 'PUT', url: '/v1/reports', body: {} });
  assertProblem(t, put, 405, 'a known one');
  t.equal(put.headers.allow, 'OPTIONS, POST');
});
