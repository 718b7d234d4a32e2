/** R5, the plugins: security headers, rate limits answered 429 problem+json, CORS closed unless configured, no secret in any log line. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ADMIN_TOKEN, assertProblem, call, get, measure, PARA_10, post, submitReport } from '../http/harness.js';
import { send, startServer } from './server.js';
import { serviceFor } from './service.js';

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;

/** Each setting, alone, is refused at start-up with a problem line that names its variable. */
function assertRefused(t: Test, settings: (readonly [string, string])[]): void {
  for (const [name, value] of settings) {
    t.throws(() => loadConfig({ [name]: value }), ConfigError, `${name}=${value} refused`);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      t.match((error as ConfigError).problems[0], new RegExp(`^${name}=`), 'the line names the variable');
    }
  }
}

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

// Defect 9: the block locked out everyone at an address, valid tokens and public reads included.
t.test(
  'past the failed-authentication limit, invalid tokens get 429; valid tokens and public reads pass',
  async (t) => {
    const service = await serviceFor(t, { security: { writesPerMinute: 0, authFailuresPerMinute: 5 } });
    const { app, followup, tokens } = service;
    for (let n = 1; n <= 6; n++)
      assertProblem(t, await post(app, MEASURES, `fu_guess-${n}`, measure), 401, `guess ${n}`);
    const head = await followup.store.headPosition();
    const blocked = await post(app, MEASURES, 'fu_guess-7', measure);
    assertProblem(t, blocked, 429, 'a guess after the sixth failure');
    t.match(blocked.headers['retry-after'], /^\d+$/);
    assertProblem(t, await get(app, '/v1/states', 'fu_guess-8'), 429, 'a read with an invalid token too');
    t.equal(await followup.store.headPosition(), head, 'nothing appended');
    t.equal(
      (await call(app, { url: '/v1/states', token: 'fu_guess-9', headers: { 'x-forwarded-for': '10.0.0.9' } })).status,
      429,
      'an untrusted X-Forwarded-For does not escape it',
    );
    const valid = await post(app, MEASURES, tokens.kaz, measure);
    t.equal(valid.status, 200, 'a valid token from the same address commands', { body: valid.body });
    t.equal((await get(app, '/v1/states', tokens.reader)).status, 200, 'a valid token reads');
    t.equal((await get(app, '/v1/states')).status, 200, 'a public read needs no token and passes');
    assertProblem(t, await post(app, MEASURES, undefined, measure), 401, 'a command without a token is still 401');
  },
);

t.test('behind trusted proxies, each client is its own address; other proxies are not believed', async (t) => {
  const service = await serviceFor(t, {
    security: { writesPerMinute: 0, authFailuresPerMinute: 3 },
    trustedProxies: ['127.0.0.1'],
  });
  const { app } = service;
  const from = (address: string, token: string) =>
    call(app, { url: '/v1/states', token, headers: { 'x-forwarded-for': `203.0.113.1, ${address}` } });
  for (let n = 1; n <= 4; n++) t.equal((await from('10.0.0.9', `fu_guess-${n}`)).status, 401, `guess ${n}`);
  t.equal((await from('10.0.0.9', 'fu_guess-5')).status, 429, 'the guessing client is blocked');
  t.equal((await from('10.0.0.10', 'fu_mistyped')).status, 401, 'another client behind the same proxy is not');
  t.equal((await from('10.0.0.10', service.tokens.reader)).status, 200, 'and reads with its token');

  const untrusted = await serviceFor(t, {
    security: { writesPerMinute: 0, authFailuresPerMinute: 3 },
    trustedProxies: ['10.1.2.3'],
  });
  const spoof = (address: string, token: string) =>
    call(untrusted.app, { url: '/v1/states', token, headers: { 'x-forwarded-for': address } });
  for (let n = 1; n <= 4; n++) t.equal((await spoof(`10.0.0.${n}`, `fu_guess-${n}`)).status, 401);
  t.equal(
    (await spoof('10.0.0.99', 'fu_guess-5')).status,
    429,
    'a peer that is not a trusted proxy cannot name another address',
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
  assertRefused(t, [
    ['FOLLOWUP_CORS_ORIGINS', '*'],
    ['FOLLOWUP_CORS_ORIGINS', 'https://a.example/path'],
    ['FOLLOWUP_CORS_ORIGINS', 'ftp://a.example'],
    ['FOLLOWUP_RATE_LIMIT', '-1'],
    ['FOLLOWUP_RATE_LIMIT', 'many'],
    ['FOLLOWUP_RATE_LIMIT', '1.5'],
  ]);
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
  const report = submitReport;
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

// Defect 10: a token a client put in the query string was logged with the URL.
t.test('a token put in a query string or a path never reaches a log line', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-logs-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer(dataDir, { FOLLOWUP_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'trace' });
  t.teardown(() => server.kill9());
  const issued = await send(server.url, 'POST', '/v1/tokens', ADMIN_TOKEN, { name: 'NHRI', role: 'reader' });
  const secret: string = issued.json.token;
  const answers = [
    await send(server.url, 'GET', `/v1/states?access_token=${encodeURIComponent(secret)}`, undefined),
    await send(server.url, 'GET', `/v1/states?token=${encodeURIComponent(ADMIN_TOKEN)}&x=1`, undefined),
    await send(server.url, 'GET', `/v1/recommendations/${secret}`, undefined),
    await send(server.url, 'GET', `/v1/events?apiKey=${secret}`, undefined),
  ];
  t.ok(
    answers.every((answer) => answer.status >= 200),
    'each was answered',
  );
  await server.stop();
  const output = server.output();
  t.match(output, /access_token=\[REDACTED\]/, 'the parameter is logged without its value');
  for (const value of [secret, ADMIN_TOKEN, secret.slice(3, 20)]) {
    t.notOk(output.includes(value), `…${value.slice(-6)} not logged`);
  }
});

// Defect 2: reads had no rate limit.
t.test('reads without a token beyond the limit of an address: 429; with a token they are not counted', async (t) => {
  const service = await serviceFor(t, {
    security: { writesPerMinute: 0, authFailuresPerMinute: 0, anonymousReadsPerMinute: 5 },
    trustedProxies: ['127.0.0.1'],
  });
  const { app, tokens } = service;
  const from = (address: string, token?: string) =>
    call(app, { url: `/v1/recommendations/${PARA_10}`, token, headers: { 'x-forwarded-for': address } });
  for (let n = 1; n <= 5; n++) t.equal((await from('10.0.0.1')).status, 200, `read ${n}`);
  const limited = await from('10.0.0.1');
  assertProblem(t, limited, 429, 'the sixth read of the minute');
  t.match(limited.headers['retry-after'], /^\d+$/);
  t.equal((await from('10.0.0.2')).status, 200, 'another address reads on');
  t.equal((await from('10.0.0.1', tokens.reader)).status, 200, 'a token reads on');
  t.equal((await call(app, { url: '/health', headers: { 'x-forwarded-for': '10.0.0.1' } })).status, 200, '/health');
});

t.test('the limits and proxies are validated like every setting, each line naming its variable', async (t) => {
  const set = loadConfig({
    FOLLOWUP_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,::1,uniquelocal',
    FOLLOWUP_REQUEST_TIMEOUT_MS: '20000',
    FOLLOWUP_HEADERS_TIMEOUT_MS: '5000',
    FOLLOWUP_STREAMS_PER_ADDRESS: '0',
  });
  t.strictSame(set.trustedProxies, ['127.0.0.1', '10.0.0.0/8', '::1', 'uniquelocal']);
  t.match(set.limits, { requestTimeoutMs: 20000, headersTimeoutMs: 5000, streamsPerAddress: 0 });
  t.strictSame(loadConfig({}).limits, {}, 'unset: the service defaults');
  t.strictSame(loadConfig({}).trustedProxies, [], 'no proxy trusted by default');
  assertRefused(t, [
    ['FOLLOWUP_TRUSTED_PROXIES', '*'],
    ['FOLLOWUP_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['FOLLOWUP_TRUSTED_PROXIES', 'proxy.example'],
    ['FOLLOWUP_BODY_LIMIT', '10'],
    ['FOLLOWUP_REQUEST_TIMEOUT_MS', 'soon'],
    ['FOLLOWUP_HEAVY_QUERIES', '0'],
    ['FOLLOWUP_STREAMS', '-1'],
    ['FOLLOWUP_READ_RATE_LIMIT', '2.5'],
  ]);
  t.throws(
    () => loadConfig({ FOLLOWUP_HEADERS_TIMEOUT_MS: '9000', FOLLOWUP_REQUEST_TIMEOUT_MS: '5000' }),
    /FOLLOWUP_HEADERS_TIMEOUT_MS=9000: must not exceed FOLLOWUP_REQUEST_TIMEOUT_MS/,
  );
});
