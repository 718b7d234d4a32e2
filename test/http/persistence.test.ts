import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { buildApp } from '../../src/http/app.js';
import {
  ADMIN_TOKEN,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  PARA_12A,
  post,
  REPORT_ID,
  startService,
  tempDir,
  UPR_ID,
} from './harness.js';

const READS = [
  `/v1/reports/${REPORT_ID}`,
  `/v1/recommendations/${PARA_10}`,
  `/v1/recommendations/${PARA_10}/history`,
  '/v1/recommendations?limit=500',
  '/v1/states',
  '/v1/states/KAZ/status?asOf=2025-01-01',
  '/v1/events?limit=1000',
];

t.test('read-your-writes: a read right after each command sees it', async (t) => {
  const service = await startService();
  t.teardown(() => service.close());
  const { app, tokens } = service;
  await loadFoundingCase(service);
  interface View {
    status: string;
    measures: unknown[];
    followUp: { replied: boolean } | null;
    assessment: { level: string } | null;
    response?: { position: string };
  }
  const steps: { id: string; token: string; path: string; body: unknown; sees: (read: View) => boolean }[] = [
    { id: PARA_10, token: tokens.kaz, path: 'measures', body: measure, sees: (r) => r.status === 'in_progress' },
    {
      id: PARA_10,
      token: tokens.kaz,
      path: 'follow-up-replies',
      body: { receivedOn: '2024-05-13' },
      sees: (r) => r.followUp?.replied === true,
    },
    {
      id: PARA_10,
      token: tokens.secretariat,
      path: 'assessments',
      body: { grade: 'C', assessedOn: '2025-05-02' },
      sees: (r) => r.assessment?.level === 'not_satisfactory',
    },
    {
      id: UPR_ID,
      token: tokens.kaz,
      path: 'responses',
      body: { position: 'noted', respondedOn: '2020-06-30' },
      sees: (r) => r.response?.position === 'noted',
    },
    {
      id: PARA_12A,
      token: tokens.kaz,
      path: 'measures',
      body: { ...measure, completes: true },
      sees: (r) => r.status === 'implemented' && r.measures.length === 1,
    },
  ];
  for (const { id, token, path, body, sees } of steps) {
    const written = await post(app, `/v1/recommendations/${id}/${path}`, token, body);
    t.equal(written.status, 200, path);
    const read = await get(app, `/v1/recommendations/${id}`);
    t.equal(read.json.revision, written.json.revision, `${path}: the read has the revision the command answered`);
    t.ok(sees(read.json), `${path}: the read shows it`);
    const list = await get(app, `/v1/recommendations?state=KAZ&limit=500`);
    const listed = list.json.items.find((item: { id: string }) => item.id === id);
    t.equal(listed.revision, written.json.revision, `${path}: the list shows it`);
    const events = await get(app, `/v1/events?after=${BigInt(written.json.position) - 1n}`);
    t.equal(events.json.events[0]?.position, written.json.position, `${path}: the log has it`);
    const status = await get(app, '/v1/states/KAZ/status');
    t.equal(status.json.position, written.json.position, `${path}: the State status has reached it`);
  }
  const overview = await get(app, '/v1/states');
  t.strictSame(overview.json.items[0]?.byStatus, { no_information: 1, not_started: 0, in_progress: 1, implemented: 1 });
});

t.test('minPosition=<position of a command> is accepted by every query, which then sees the command', async (t) => {
  const service = await startService();
  t.teardown(() => service.close());
  await loadFoundingCase(service);
  const written = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  const at = `minPosition=${written.json.position}`;
  for (const url of READS) {
    const read = await get(service.app, `${url}${url.includes('?') ? '&' : '?'}${at}`);
    t.equal(read.status, 200, url, { body: read.body });
  }
  const read = await get(service.app, `/v1/recommendations/${PARA_10}?${at}`);
  t.equal(read.json.revision, written.json.revision);
  const bad = await get(service.app, `/v1/recommendations/${PARA_10}?minPosition=abc`);
  t.equal(bad.status, 400, 'a minPosition that is not a position');
});

t.test('everything survives a restart on a file store', async (t) => {
  const dataDir = tempDir(t);
  const first = await startService({ dataDir });
  await loadFoundingCase(first);
  await post(first.app, `/v1/recommendations/${PARA_10}/measures`, first.tokens.kaz, measure);
  const keyed = await post(first.app, `/v1/recommendations/${PARA_10}/measures`, first.tokens.kaz, measure, {
    'idempotency-key': 'before-restart',
  });
  const before = new Map<string, unknown>();
  for (const url of READS) before.set(url, (await get(first.app, url, ADMIN_TOKEN)).json);
  const { kaz } = first.tokens;
  await first.close();

  const followup = Followup.open({ dataDir, adminToken: ADMIN_TOKEN });
  const app = await buildApp(followup, { publicRead: false, logger: false });
  t.teardown(async () => {
    await app.close();
    await followup.close();
  });
  for (const url of READS) {
    const read = await get(app, url, ADMIN_TOKEN);
    t.equal(read.status, 200, url);
    t.strictSame(read.json, before.get(url), `${url}: the same after the restart`);
  }
  t.equal((await get(app, '/v1/states', kaz)).status, 200, 'an issued token still reads');
  const retried = await post(app, `/v1/recommendations/${PARA_10}/measures`, kaz, measure, {
    'idempotency-key': 'before-restart',
  });
  t.equal(retried.body, keyed.body, 'an Idempotency-Key is remembered across the restart');
  const next = await post(app, `/v1/recommendations/${PARA_10}/measures`, kaz, measure);
  t.equal(next.json.revision, 3, 'the stream continues where it was');
  t.equal(BigInt(next.json.position), BigInt(keyed.json.position) + 1n, 'so does the log');
});

t.test('without a configured admin token the first open generates one, once', async (t) => {
  const dataDir = tempDir(t);
  const first = Followup.open({ dataDir });
  const secret = await first.tokens.bootstrap();
  t.type(secret, 'string');
  t.ok((secret ?? '').length >= 24, 'a long secret');
  const app = await buildApp(first, { publicRead: true, logger: false });
  const issued = await post(app, '/v1/tokens', secret, { name: 'CAT secretariat', role: 'secretariat' });
  t.equal(issued.status, 201, 'the generated token is an admin token');
  t.equal(await first.tokens.bootstrap(), undefined, 'not twice in one run');
  await app.close();
  await first.close();

  const second = Followup.open({ dataDir });
  t.teardown(() => second.close());
  t.equal(await second.tokens.bootstrap(), undefined, 'not again on the next start');
  const again = await buildApp(second, { publicRead: true, logger: false });
  t.teardown(() => again.close());
  t.equal((await post(again, '/v1/tokens', secret, { name: 'reader', role: 'reader' })).status, 201, 'still valid');
  const events = await get(again, '/v1/events?type=TokenIssued', secret);
  t.equal(events.json.events.filter((e: { data: { role: string } }) => e.data.role === 'admin').length, 1);
  t.notMatch(JSON.stringify(events.json), secret as string, 'the secret itself is never stored');

  const configured = Followup.open({ dataDir: tempDir(t), adminToken: ADMIN_TOKEN });
  t.teardown(() => configured.close());
  t.equal(await configured.tokens.bootstrap(), undefined, 'nothing is generated when one is configured');
});
