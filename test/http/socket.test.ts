import t from 'tap';
import { ADMIN_TOKEN, measure, PARA_10, paragraph10, REPORT_ID, serviceFor, submitReport } from './harness.js';

t.test('the real server over a socket, driven with fetch', async (t) => {
  const { app } = await serviceFor(t);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  t.match(address, /^http:\/\/127\.0\.0\.1:\d+$/);
  const send = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    return fetch(`${address}${path}`, { ...init, headers });
  };

  const issued = await send('/v1/tokens', {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: JSON.stringify({ name: 'NMIRF Kazakhstan', role: 'state', states: ['KAZ'] }),
  });
  t.equal(issued.status, 201);
  t.equal(issued.headers.get('cache-control'), 'no-store', 'a secret is never cached');
  const { token } = (await issued.json()) as { token: string };

  const submitted = await send('/v1/reports', { method: 'POST', token, body: JSON.stringify(submitReport) });
  t.equal(submitted.status, 201);
  t.equal(submitted.headers.get('location'), `/v1/reports/${REPORT_ID}`);
  t.equal(submitted.headers.get('etag'), 'W/"0"');
  t.ok(submitted.headers.get('x-request-id'), 'every answer names its request');
  const body = (await submitted.json()) as { position: string };
  t.match(body, { id: REPORT_ID, revision: 0, events: ['ReportSubmitted'] });

  const report = await send(`/v1/reports/${REPORT_ID}`);
  t.equal(report.status, 200);
  t.match(report.headers.get('content-type'), /^application\/json/);
  t.match(await report.json(), { id: REPORT_ID, state: 'KAZ', revision: 0 });
  const cached = await send(`/v1/reports/${REPORT_ID}`, { headers: { 'if-none-match': 'W/"0"' } });
  t.equal(cached.status, 304);

  const refused = await send('/v1/reports', { method: 'POST', body: JSON.stringify(submitReport) });
  t.equal(refused.status, 401);
  t.match(refused.headers.get('www-authenticate'), /^Bearer/);
  t.match(refused.headers.get('content-type'), /^application\/problem\+json/);
  t.match(await refused.json(), { status: 401, title: String, type: String, detail: String });

  const text = await fetch(`${address}/v1/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
    body: 'hello',
  });
  t.equal(text.status, 415);
  t.match(text.headers.get('content-type'), /^application\/problem\+json/);

  const issue = await send('/v1/recommendations', {
    method: 'POST',
    token: ADMIN_TOKEN,
    body: JSON.stringify({ ...paragraph10, reportId: undefined }),
  });
  t.equal(issue.status, 201);
  const keyed = { method: 'POST', token, body: JSON.stringify(measure), headers: { 'idempotency-key': 'socket-1' } };
  const [one, two] = await Promise.all([
    send(`/v1/recommendations/${PARA_10}/measures`, keyed),
    send(`/v1/recommendations/${PARA_10}/measures`, keyed),
  ]);
  t.equal(one?.status, 200);
  t.equal(two?.status, 200);
  t.equal(await one?.text(), await two?.text(), 'concurrent retries over the wire answer alike');

  const stream = await send('/v1/events', { headers: { accept: 'application/x-ndjson' } });
  t.equal(stream.status, 200);
  t.match(stream.headers.get('content-type'), /^application\/x-ndjson/);
  const lines = (await stream.text()).trimEnd().split('\n');
  t.strictSame(
    lines.map((line) => (JSON.parse(line) as { type: string }).type),
    ['ReportSubmitted', 'RecommendationIssued', 'MeasureImplemented'],
  );

  const unknown = await send('/nothing');
  t.equal(unknown.status, 404);
  t.match(unknown.headers.get('content-type'), /^application\/problem\+json/);
});
