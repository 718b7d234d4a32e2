import t from 'tap';
import {
  ADMIN_TOKEN,
  assertProblem,
  call,
  concludingObservations,
  eventCount,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  paragraph10,
  post,
  presentation,
  REPORT_ID,
  serviceFor,
  startService,
  submitReport,
  type Tokens,
  UPR_ID,
} from './harness.js';

type Who = keyof Tokens | 'anonymous';
const EVERYONE: Who[] = ['admin', 'secretariat', 'kaz', 'uzb', 'reader', 'anonymous'];

/** Every write route, with a body that succeeds for whoever may send it, and who may. */
const ROUTES: { name: string; url: string; body: unknown; may: Who[]; needsCase: boolean }[] = [
  {
    name: 'submit report',
    url: '/v1/reports',
    body: submitReport,
    may: ['admin', 'secretariat', 'kaz'],
    needsCase: false,
  },
  {
    name: 'present report',
    url: `/v1/reports/${REPORT_ID}/presentation`,
    body: presentation,
    may: ['admin', 'secretariat'],
    needsCase: false,
  },
  {
    name: 'adopt observations',
    url: `/v1/reports/${REPORT_ID}/concluding-observations`,
    body: concludingObservations,
    may: ['admin', 'secretariat'],
    needsCase: false,
  },
  {
    name: 'issue recommendation',
    url: '/v1/recommendations',
    body: { ...paragraph10, paragraph: '11' },
    may: ['admin', 'secretariat'],
    needsCase: true,
  },
  {
    name: 'respond',
    url: `/v1/recommendations/${UPR_ID}/responses`,
    body: { position: 'supported', respondedOn: '2020-06-30' },
    may: ['admin', 'kaz'],
    needsCase: true,
  },
  {
    name: 'record measure',
    url: `/v1/recommendations/${PARA_10}/measures`,
    body: measure,
    may: ['admin', 'kaz'],
    needsCase: true,
  },
  {
    name: 'record not started',
    url: `/v1/recommendations/${PARA_10}/not-started`,
    body: { recordedOn: '2024-05-13', note: 'said in the follow-up reply' },
    may: ['admin', 'secretariat', 'kaz'],
    needsCase: true,
  },
  {
    name: 'follow-up reply',
    url: `/v1/recommendations/${PARA_10}/follow-up-replies`,
    body: { receivedOn: '2024-05-13' },
    may: ['admin', 'secretariat', 'kaz'],
    needsCase: true,
  },
  {
    name: 'assess',
    url: `/v1/recommendations/${PARA_10}/assessments`,
    body: { grade: 'A', assessedOn: '2025-05-02' },
    may: ['admin', 'secretariat'],
    needsCase: true,
  },
  {
    name: 'issue token',
    url: '/v1/tokens',
    body: { name: 'another', role: 'reader' },
    may: ['admin'],
    needsCase: false,
  },
];

/** A service at the point where the route's command is the next step. */
async function ready(needsCase: boolean, name: string) {
  const service = await startService();
  const { app, tokens } = service;
  if (needsCase) await loadFoundingCase(service);
  else if (name !== 'submit report' && name !== 'issue token') {
    await post(app, '/v1/reports', tokens.kaz, submitReport);
    if (name === 'adopt observations')
      await post(app, `/v1/reports/${REPORT_ID}/presentation`, tokens.secretariat, presentation);
  }
  return service;
}

t.test('every write route × every role × own and other State: writes only where allowed', async (t) => {
  for (const route of ROUTES) {
    for (const who of EVERYONE) {
      const service = await ready(route.needsCase, route.name);
      try {
        const before = await eventCount(service);
        const token = who === 'anonymous' ? undefined : service.tokens[who];
        const answer = await post(service.app, route.url, token, route.body);
        const what = `${route.name} by ${who}`;
        if (route.may.includes(who)) {
          t.ok(answer.status === 200 || answer.status === 201, `${what}: allowed`, { body: answer.body });
          t.ok((await eventCount(service)) > before, `${what}: appended`);
        } else {
          assertProblem(t, answer, who === 'anonymous' ? 401 : 403, what);
          t.equal(await eventCount(service), before, `${what}: nothing appended`);
        }
      } finally {
        await service.close();
      }
    }
  }
});

t.test("a state token acts only for its own States' reports and recommendations", async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const uzbRecommendation = { ...paragraph10, state: 'UZB', symbol: 'CAT/C/UZB/CO/5', reportId: undefined };
  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, uzbRecommendation)).status, 201);
  const uzbId = 'cat-c-uzb-co-5-10';
  const before = await eventCount(service);
  const refused: [string, string, unknown][] = [
    ['KAZ submits a UZB report', '/v1/reports', { ...submitReport, state: 'UZB', symbol: 'CAT/C/UZB/5' }],
    ['KAZ records a measure on UZB', `/v1/recommendations/${uzbId}/measures`, measure],
    ['KAZ replies for UZB', `/v1/recommendations/${uzbId}/follow-up-replies`, { receivedOn: '2024-06-01' }],
  ];
  for (const [what, url, body] of refused) assertProblem(t, await post(app, url, tokens.kaz, body), 403, what);
  const uzbOnKaz: [string, string, unknown][] = [
    ['UZB records a measure on KAZ', `/v1/recommendations/${PARA_10}/measures`, measure],
    [
      'UZB responds for KAZ',
      `/v1/recommendations/${UPR_ID}/responses`,
      { position: 'noted', respondedOn: '2020-06-30' },
    ],
    ['UZB replies for KAZ', `/v1/recommendations/${PARA_10}/follow-up-replies`, { receivedOn: '2024-05-13' }],
    ['UZB submits a KAZ report', '/v1/reports', { ...submitReport, symbol: 'CAT/C/KAZ/5', cycle: 5 }],
  ];
  for (const [what, url, body] of uzbOnKaz) assertProblem(t, await post(app, url, tokens.uzb, body), 403, what);
  t.equal(await eventCount(service), before, 'nothing appended');
  t.equal((await post(app, `/v1/recommendations/${uzbId}/measures`, tokens.uzb, measure)).status, 200, 'own State');
});

t.test('tokens: issued once with their secret, revoked at once, for admins only', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const issued = await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'NMIRF', role: 'state', states: ['KAZ', 'UZB'] });
  t.equal(issued.status, 201);
  t.equal(issued.headers.location, `/v1/tokens/${issued.json.id}`);
  t.strictSame(Object.keys(issued.json).sort(), ['id', 'name', 'role', 'states', 'token']);
  t.match(issued.json, { name: 'NMIRF', role: 'state', states: ['KAZ', 'UZB'] });
  t.type(issued.json.token, 'string');
  t.ok(issued.json.token.length >= 24, 'a long secret');
  const reader = await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'NHRI', role: 'reader' });
  t.strictSame(reader.json.states, [], 'states is always present');

  const measured = await post(app, '/v1/reports', issued.json.token, { ...submitReport, state: 'UZB', symbol: 'U/1' });
  t.equal(measured.status, 201, 'the new token acts for its States');
  assertProblem(
    t,
    await post(app, '/v1/tokens', tokens.secretariat, { name: 'x', role: 'admin' }),
    403,
    'by secretariat',
  );
  assertProblem(t, await post(app, '/v1/tokens', undefined, { name: 'x', role: 'admin' }), 401, 'anonymous');
  assertProblem(t, await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'x', role: 'root' }), 400, 'unknown role');
  assertProblem(
    t,
    await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'x', role: 'state', states: ['XXX'] }),
    400,
    'XXX',
  );
  assertProblem(t, await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'x', role: 'state' }), 422, 'a State-less state');
  assertProblem(
    t,
    await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'x', role: 'reader', states: ['KAZ'] }),
    422,
    'scoped reader',
  );

  const revokeAs = (token: string | undefined) =>
    call(app, { method: 'DELETE', url: `/v1/tokens/${issued.json.id}`, token });
  assertProblem(t, await revokeAs(tokens.secretariat), 403, 'revoked by a secretariat');
  assertProblem(t, await revokeAs(undefined), 401, 'revoked anonymously');
  const revoked = await revokeAs(ADMIN_TOKEN);
  t.equal(revoked.status, 204);
  const after = await post(app, '/v1/reports', issued.json.token, { ...submitReport, state: 'UZB', symbol: 'U/2' });
  assertProblem(t, after, 401, 'the revoked token, at once');
  t.match(after.headers['www-authenticate'], /^Bearer/);
  t.equal((await revokeAs(ADMIN_TOKEN)).status, 204, 'revoking again changes nothing');
});

t.test('with publicRead false every read needs a valid token', async (t) => {
  const service = await serviceFor(t, { publicRead: false });
  const { app, tokens, tokenIds } = service;
  await loadFoundingCase(service);
  const reads = [
    `/v1/reports/${REPORT_ID}`,
    `/v1/recommendations/${PARA_10}`,
    `/v1/recommendations/${PARA_10}/history`,
    '/v1/recommendations?state=KAZ',
    '/v1/states',
    '/v1/states/KAZ/status',
    '/v1/events',
  ];
  for (const url of reads) {
    const anonymous = await get(app, url);
    assertProblem(t, anonymous, 401, `${url} without a token`);
    t.match(anonymous.headers['www-authenticate'], /^Bearer/);
    for (const who of ['reader', 'kaz', 'uzb', 'secretariat', 'admin'] as const) {
      t.equal((await get(app, url, tokens[who])).status, 200, `${url} by ${who}`);
    }
  }
  await call(app, { method: 'DELETE', url: `/v1/tokens/${tokenIds.reader}`, token: ADMIN_TOKEN });
  assertProblem(t, await get(app, '/v1/states', tokens.reader), 401, 'a revoked reader');
  t.equal((await get(app, '/health')).status, 200, 'liveness stays open to orchestrators');
});
