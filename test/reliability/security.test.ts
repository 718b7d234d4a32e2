/** R5, the plugins: security headers, rate limits answered 429 problem+json, CORS closed unless configured, no secret in any log line. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ADMIN_TOKEN, assertProblem, call, get, measure, PARA_10, post } from '../http/harness.js';
import { send, startServer } from './server.js';
import { serviceFor } from './service.js';

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;

t.test('security headers on answers and on problems', async (t) => {
  const { app } = await serviceFor(t);
  const api = [
    await get(app, '/v1/states'),
    await post(app, MEASURES, 'fu_not-a-token', measure),
    await get(app, '/health'),
  ];
  for (const answer of api) {
    t.equal(answer.headers['x-content-type-options'], 'nosniff', `${answer.status}: nosniff`);
    t.match(answer.headers['strict-transport-security'], /max-age=\d+/, `${answer.status}: HSTS`);
    t.equal(answer.headers['x-frame-options'], 'DENY', `${answer.status}: never framed`);
    t.equal(
      answer.headers['content-security-policy'],
      "default-src 'none'; frame-ancestors 'none'",
      `${answer.status}: JSON loads nothing`,
    );
    t.notOk(answer.headers['x-powered-by'], `${answer.status}: no x-powered-by`);
  }
  for (const url of ['/docs', '/no-such-page']) {
    const page = await app.inject({ url });
    t.equal(page.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`);
    t.equal(page.headers['x-frame-options'], 'SAMEORIGIN', `${url}: no framing by others`);
    t.match(page.headers['content-security-policy'], /default-src 'self'/, `${url}: helmet's page policy`);
  }
});

t.test(
  'commands beyond the rate limit of a token: 429 problem+json, nothing appended, other tokens unaffected',
  async (t) => {
    const service = await serviceFor(t, { security: { writesPerMinute: 6, authFailuresPerMinute: 0 } });
    const { app, followup, tokens } = service;
    // The founding case used one command of the KAZ token, and the set-up four of the admin's.
    for (let n = 2; n <= 6; n++) t.equal((await post(app, MEASURES, tokens.kaz, measure)).status, 200, `command ${n}`);
    const head = await followup.store.headPosition();
    const limited = await post(app, MEASURES, tokens.kaz, measure);
    assertProblem(t, limited, 429, 'the seventh command of the minute');
    t.match(limited.headers['retry-after'], /^\d+$/, 'Retry-After says when');
    t.equal(await followup.store.headPosition(), head, 'nothing appended');
    t.equal((await post(app, MEASURES, ADMIN_TOKEN, measure)).status, 200, 'another token still commands');
    t.equal((await get(app, `/v1/recommendations/${PARA_10}`, tokens.kaz)).status, 200, 'reads are not limited');
  },
);

t.test('failed authentications beyond the limit: the address gets 429, even with a valid token', async (t) => {
  const service = await serviceFor(t, { security: { writesPerMinute: 0, authFailuresPerMinute: 5 } });
  const { app, followup, tokens } = service;
  for (let n = 1; n <= 6; n++) assertProblem(t, await post(app, MEASURES, `fu_guess-${n}`, measure), 401, `guess ${n}`);
  const head = await followup.store.headPosition();
  const blocked = await post(app, MEASURES, tokens.kaz, measure);
  assertProblem(t, blocked, 429, 'after the sixth failure');
  t.match(blocked.headers['retry-after'], /^\d+$/);
  assertProblem(t, await get(app, '/v1/states', 'fu_guess-7'), 429, 'reads from that address too');
  t.equal(await followup.store.headPosition(), head, 'nothing appended');
  t.equal(
    (await call(app, { url: '/v1/states', headers: { 'x-forwarded-for': '10.0.0.9' } })).status,
    429,
    'a forwarded-for header does not escape it',
  );
});

t.test('CORS: closed by default, open only to the configured origins', async (t) => {
  const closed = await serviceFor(t, { foundingCase: false });
  const origin = { origin: 'https://attacker.example' };
  const simple = await call(closed.app, { url: '/v1/states', headers: origin });
  t.equal(simple.status, 200);
  t.notOk(simple.headers['access-control-allow-origin'], 'no Access-Control-Allow-Origin');
  const preflight = await call(closed.app, {
    method: 'OPTIONS' as 'GET',
    url: '/v1/tokens',
    headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  t.notOk(preflight.headers['access-control-allow-origin'], 'a preflight is not granted');
  t.notOk(preflight.headers['access-control-allow-methods'], 'no methods offered');
  t.ok(preflight.status >= 400, 'the preflight is refused', { status: preflight.status });

  const open = await serviceFor(t, { foundingCase: false, security: { corsOrigins: ['https://ohchr.example'] } });
  const allowed = await call(open.app, { url: '/v1/states', headers: { origin: 'https://ohchr.example' } });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://ohchr.example', 'a configured origin is allowed');
  const other = await call(open.app, { url: '/v1/states', headers: origin });
  t.notOk(other.headers['access-control-allow-origin'], 'another origin is not');
});

t.test('FOLLOWUP_CORS_ORIGINS and FOLLOWUP_RATE_LIMIT are validated like every setting', async (t) => {
  const defaults = loadConfig({});
  t.strictSame(defaults.corsOrigins, [], 'CORS closed by default');
  t.equal(defaults.rateLimit, 3000);
  const set = loadConfig({
    FOLLOWUP_CORS_ORIGINS: 'https://a.example, http://localhost:5173',
    FOLLOWUP_RATE_LIMIT: '0',
  });
  t.strictSame(set.corsOrigins, ['https://a.example', 'http://localhost:5173']);
  t.equal(set.rateLimit, 0);
  for (const [name, value] of [
    ['FOLLOWUP_CORS_ORIGINS', '*'],
    ['FOLLOWUP_CORS_ORIGINS', 'https://a.example/path'],
    ['FOLLOWUP_CORS_ORIGINS', 'ftp://a.example'],
    ['FOLLOWUP_RATE_LIMIT', '-1'],
    ['FOLLOWUP_RATE_LIMIT', 'many'],
    ['FOLLOWUP_RATE_LIMIT', '1.5'],
  ] as const) {
    t.throws(() => loadConfig({ [name]: value }), ConfigError, `${name}=${value} refused`);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      t.match((error as ConfigError).problems[0], new RegExp(`^${name}=`), 'the line names the variable');
    }
  }
});

t.test('the configured admin token is compared in constant time, by its digest', async (t) => {
  const source = readFileSync(new URL('../../src/app/commands/tokens.ts', import.meta.url), 'utf8');
  t.match(source, /timingSafeEqual\(/, 'timingSafeEqual compares the digests');
  t.notMatch(source, /(secret|token)\s*===|===\s*(secret|token)\b/, 'no secret meets ===');
  t.match(source, /bySecretHash\(hash\)/, 'issued tokens are looked up by the hash of the secret, never the secret');
});

t.test('no secret reaches a log line, on success, on 401, on 403, on 429', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-logs-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer(dataDir, {
    FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'trace',
    FOLLOWUP_RATE_LIMIT: '4',
  });
  t.teardown(() => server.kill9());
  const api = (method: string, path: string, token?: string, body?: unknown) =>
    send(server.url, method, path, token, body);
  const issued = await api('POST', '/v1/tokens', ADMIN_TOKEN, { name: 'NMIRF', role: 'state', states: ['KAZ'] });
  const reader = await api('POST', '/v1/tokens', ADMIN_TOKEN, { name: 'NHRI', role: 'reader' });
  const secrets = [ADMIN_TOKEN, issued.json.token, reader.json.token];
  const report = { state: 'KAZ', mechanism: 'CAT', cycle: 4, symbol: 'CAT/C/KAZ/4', submittedOn: '2018-12-05' };
  t.equal((await api('POST', '/v1/reports', issued.json.token, report)).status, 201);
  t.equal((await api('POST', '/v1/reports', reader.json.token, report)).status, 403);
  for (let n = 2; n <= 4; n++) t.equal((await api('POST', '/v1/reports', issued.json.token, report)).status, 409);
  t.equal((await api('POST', '/v1/reports', issued.json.token, report)).status, 429);
  await api('DELETE', `/v1/tokens/${issued.json.id}`, ADMIN_TOKEN);
  t.equal((await api('POST', '/v1/reports', issued.json.token, report)).status, 401, 'revoked');
  const garbled = `${issued.json.token.slice(0, -2)}zz`;
  secrets.push(garbled);
  t.equal((await api('GET', '/v1/states', garbled)).status, 401, 'garbled');
  const basic = await send(server.url, 'GET', '/v1/states', undefined, undefined, {
    authorization: `Basic ${reader.json.token}`,
  });
  t.equal(basic.status, 401, 'a secret in a malformed header');
  await server.stop();
  const output = server.output();
  t.ok(output.split('\n').length > 20, 'the server logged every request at trace level');
  for (const secret of secrets) t.notOk(output.includes(secret), `secret …${secret.slice(-6)} not logged`);
  t.notOk(output.includes(issued.json.token.slice(3, 20)), 'not even a part of one');
});
