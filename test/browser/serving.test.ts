import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { loadFoundingCase } from '../../scripts/demo/load.js';
import { Followup } from '../../src/app/followup.js';
import { recommendationStream } from '../../src/domain/identity.js';
import { buildApp } from '../../src/http/app.js';
import { buildDashboard } from './server.js';

const ADMIN_TOKEN = 'serving-test-admin-token-0123456789';

async function service(t: Test, dataDir = ':memory:') {
  const followup = Followup.open({ dataDir, adminToken: ADMIN_TOKEN });
  const app = await buildApp(followup, { publicRead: true, logger: false });
  t.teardown(async () => {
    await app.close();
    await followup.close();
  });
  return { app, followup };
}

t.test('the dashboard at / beside the API, nothing shadowed', async (t) => {
  await buildDashboard(t);
  const { app } = await service(t);

  const page = await app.inject({ url: '/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.equal(page.headers['cache-control'], 'no-cache', 'the page is revalidated, so a new build shows at once');
  t.ok(page.headers.etag, 'and revalidation is cheap');
  const script = /src="(\/assets\/app-[\w-]+\.js)"/.exec(page.body)?.[1];
  const style = /href="(\/assets\/app-[\w-]+\.css)"/.exec(page.body)?.[1];
  t.ok(script && style, 'the page names its hashed script and stylesheet');
  for (const asset of [script, style]) {
    const answer = await app.inject({ url: asset ?? '', headers: { 'accept-encoding': 'br, gzip' } });
    t.equal(answer.statusCode, 200, `${asset}`);
    t.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable', `${asset}: cached for good`);
    t.equal(answer.headers['content-encoding'], 'br', `${asset}: served precompressed`);
  }
  const policy = String(page.headers['content-security-policy']);
  t.match(policy, /script-src 'self'/, 'the page has a content security policy');
  t.notMatch(policy, /upgrade-insecure-requests/, 'which keeps assets on plain HTTP where the page is served so');
  t.notMatch(policy, /unsafe-inline|unsafe-eval/, 'and allows no inline code or style');
  const api = String((await app.inject({ url: '/v1/states' })).headers['content-security-policy']);
  t.not(api, policy, 'the API keeps its own policy');

  for (const url of ['/v1/states', '/openapi.json', '/docs', '/health', '/ready', '/metrics']) {
    const answer = await app.inject({ url });
    t.equal(answer.statusCode, 200, `${url} still answers`);
    t.notMatch(answer.body, /implementation of human-rights recommendations/, `${url} is not the dashboard`);
  }
  const openapi = JSON.parse((await app.inject({ url: '/openapi.json' })).body);
  t.same(
    Object.keys(openapi.paths).filter((path) => !/^\/(v1|health|ready|metrics)\b/.test(path)),
    [],
    'the dashboard files are not API operations',
  );
  for (const url of ['/nope', '/assets/nope.js', '/v1/nope', '/index.htm']) {
    const answer = await app.inject({ url });
    t.equal(answer.statusCode, 404, `${url}: 404`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/, `${url}: a problem, not the page`);
  }
});

t.test('without a build, / says how to make one and the API works', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'followup-noweb-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  process.env.FOLLOWUP_WEB_DIR = empty;
  const { app } = await service(t);
  const answer = await app.inject({ url: '/' });
  t.equal(answer.statusCode, 503);
  t.match(answer.headers['content-type'], /^application\/problem\+json/);
  t.match(JSON.parse(answer.body).detail, /npm run build/);
  t.equal((await app.inject({ url: '/v1/states' })).statusCode, 200);
});

t.test('the history says whether its hash chain verifies', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-chain-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const { app, followup } = await service(t, dataDir);
  await loadFoundingCase(followup);
  const id = 'cat-c-kaz-co-4-10';
  const before = JSON.parse((await app.inject({ url: `/v1/recommendations/${id}/history` })).body);
  t.same(before.integrity, { verified: true });

  const db = new Database(join(dataDir, 'followup.db'));
  t.teardown(() => db.close());
  const changed = db
    .prepare("UPDATE events SET data = replace(data, 'Parliament', 'Senate') WHERE stream = ? AND revision = 1")
    .run(recommendationStream(id));
  t.equal(changed.changes, 1, 'one stored measure altered behind the service');
  const after = JSON.parse((await app.inject({ url: `/v1/recommendations/${id}/history` })).body);
  t.same(after.integrity, { verified: false, brokenAt: 1 }, 'the altered revision is named');
});
