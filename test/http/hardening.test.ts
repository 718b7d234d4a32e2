/** Defect 10, the smaller ones: what Node refuses, charsets, source maps, the bootstrap admin token. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { assertProblem, call, eventCount, loadFoundingCase, measure, PARA_10, serviceFor } from './harness.js';

/** Sends raw bytes and collects the answer until the server closes the connection. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(request));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    setTimeout(() => socket.destroy(), 3000).unref();
  });
}

t.test("Node's own 400 for a malformed request is problem+json like every other error", async (t) => {
  const { app } = await serviceFor(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  for (const [what, request] of [
    ['a space in a header name', 'GET /health HTTP/1.1\r\nHost: test\r\nBad Header: x\r\n\r\n'],
    ['a control character in a header value', 'GET /health HTTP/1.1\r\nHost: test\r\nX-A: a\u0001b\r\n\r\n'],
    ['no HTTP at all', 'HELLO\r\n\r\n'],
  ] as const) {
    const answer = await raw(port, request);
    t.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/, `${what}: 400`);
    t.match(answer, /\r\ncontent-type: application\/problem\+json\r\n/i, `${what}: problem+json`);
    t.match(answer, /\r\nx-content-type-options: nosniff\r\n/i, `${what}: with the API's security headers`);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    t.match(body, { type: '/problems/invalid-request', status: 400, title: String, detail: String }, what);
  }
});

t.test('a JSON body declared in another charset than UTF-8 is 415, never misread as UTF-8', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const { app, tokens } = service;
  const before = await eventCount(service);
  const text = JSON.stringify(measure);
  for (const charset of ['utf-16', 'UTF-16LE', 'iso-8859-1', '"utf-16"']) {
    const body = charset.toLowerCase().includes('16') ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'latin1');
    const answer = await call(app, {
      method: 'POST',
      url: `/v1/recommendations/${PARA_10}/measures`,
      token: tokens.kaz,
      body,
      headers: { 'content-type': `application/json; charset=${charset}` },
    });
    assertProblem(t, answer, 415, `charset=${charset}`);
    t.match(answer.json.detail, /UTF-8/);
  }
  t.equal(await eventCount(service), before, 'nothing appended');
  for (const charset of ['utf-8', 'UTF-8', 'utf8']) {
    const answer = await call(app, {
      method: 'POST',
      url: `/v1/recommendations/${PARA_10}/measures`,
      token: tokens.kaz,
      body: text,
      headers: { 'content-type': `application/json; charset=${charset}` },
    });
    t.equal(answer.status, 200, `charset=${charset} is read`);
  }
});

t.test('source maps are not served unless asked for', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'followup-maps-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>followup</title>');
  writeFileSync(join(root, 'assets', 'app-X.js'), 'console.log(1);\n//# sourceMappingURL=app-X.js.map\n');
  writeFileSync(join(root, 'assets', 'app-X.js.map'), '{"version":3,"sources":["../../web/src/main.ts"]}');
  process.env.FOLLOWUP_WEB_DIR = root;
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  const production = await buildApp(followup, { publicRead: true, logger: false });
  t.teardown(() => production.close());
  t.equal((await production.inject({ url: '/assets/app-X.js' })).statusCode, 200, 'the script is served');
  const map = await production.inject({ url: '/assets/app-X.js.map' });
  t.equal(map.statusCode, 404, 'its map is not, by default');
  t.notMatch(map.body, /web\/src/, 'nothing of the sources leaks');
  const development = await buildApp(followup, { publicRead: true, logger: false, sourceMaps: true });
  t.teardown(() => development.close());
  t.equal((await development.inject({ url: '/assets/app-X.js.map' })).statusCode, 200, 'served when asked for');
  t.equal(loadConfig({}).sourceMaps, false, 'FOLLOWUP_SOURCE_MAPS is false by default');
  t.equal(loadConfig({ FOLLOWUP_SOURCE_MAPS: 'true' }).sourceMaps, true);
});

t.test('a bootstrap admin token that is easy to guess is refused at start, however long', async (t) => {
  for (const token of [
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'changeme-changeme-changeme',
    '012345678901234567890123456789',
    'qwertyuiopasdfghjklzxcvbnm',
    'Password123!Password123!',
    'admin-admin-admin-admin-admin',
  ]) {
    t.throws(() => loadConfig({ FOLLOWUP_ADMIN_TOKEN: token }), ConfigError, `${token} refused`);
    try {
      loadConfig({ FOLLOWUP_ADMIN_TOKEN: token });
    } catch (error) {
      t.match((error as ConfigError).problems[0], /^FOLLOWUP_ADMIN_TOKEN=.*too easy to guess/, 'says why');
    }
  }
  for (const token of [
    randomBytes(12).toString('hex'),
    randomBytes(24).toString('hex'),
    randomBytes(18).toString('base64'),
  ]) {
    t.equal(loadConfig({ FOLLOWUP_ADMIN_TOKEN: token }).adminToken, token, 'a random token is taken');
  }
});
