import t, { type Test } from 'tap';
import {
  assertProblem,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  PARA_12A,
  post,
  type Service,
  serviceFor,
  UPR_ID,
} from './harness.js';

const UZB_ID = 'ccpr-c-uzb-co-5-9';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The founding case and what followed it, plus one CCPR recommendation to Uzbekistan. */
async function followedUp(t: Test): Promise<Service> {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const steps: [string, string, unknown][] = [
    [`${PARA_10}/measures`, tokens.kaz, measure],
    [
      `${PARA_10}/measures`,
      tokens.admin,
      { ...measure, title: 'Code amended', implementedOn: '2024-09-01', completes: true },
    ],
    [`${PARA_10}/follow-up-replies`, tokens.kaz, { receivedOn: '2024-05-13' }],
    [`${PARA_10}/assessments`, tokens.secretariat, { grade: 'A', assessedOn: '2025-05-02' }],
    [`${UPR_ID}/responses`, tokens.kaz, { position: 'supported', respondedOn: '2020-06-30' }],
  ];
  const uzb = {
    state: 'UZB',
    mechanism: 'CCPR',
    symbol: 'CCPR/C/UZB/CO/5',
    paragraph: '9',
    text: 'Ensure that torture is criminalised.',
    issuedOn: '2020-05-01',
    themes: ['Definition of torture'],
    followUp: { deadline: '2022-05-01' },
  };
  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, uzb)).status, 201);
  for (const [path, token, body] of steps) {
    t.equal((await post(app, `/v1/recommendations/${path}`, token, body)).status, 200, path);
  }
  t.equal(
    (
      await post(app, `/v1/recommendations/${UZB_ID}/assessments`, tokens.secretariat, {
        grade: 'B1',
        assessedOn: '2023-01-01',
      })
    ).status,
    200,
  );
  return service;
}

t.test('history: every event in stream order with its actor and the status after it', async (t) => {
  const service = await followedUp(t);
  const history = await get(service.app, `/v1/recommendations/${PARA_10}/history`);
  t.equal(history.status, 200);
  t.equal(history.json.id, PARA_10);
  const events = history.json.events as {
    revision: number;
    position: string;
    type: string;
    recordedAt: string;
    actor: { tokenId: string; name: string; role: string };
    data: unknown;
    status: string;
  }[];
  t.strictSame(
    events.map((e) => [e.revision, e.type, e.status, e.actor.role]),
    [
      [0, 'RecommendationIssued', 'no_information', 'secretariat'],
      [1, 'MeasureImplemented', 'in_progress', 'state'],
      [2, 'MeasureImplemented', 'implemented', 'admin'],
      [3, 'FollowUpReplyReceived', 'implemented', 'state'],
      [4, 'FollowUpAssessed', 'implemented', 'secretariat'],
    ],
  );
  t.strictSame(events[0]?.actor, {
    tokenId: service.tokenIds.secretariat,
    name: 'CAT secretariat',
    role: 'secretariat',
  });
  t.strictSame(events[1]?.actor, { tokenId: service.tokenIds.kaz, name: 'NMIRF Kazakhstan', role: 'state' });
  for (const event of events) {
    t.match(event.position, /^\d+$/);
    t.match(event.recordedAt, INSTANT);
  }
  const positions = events.map((e) => BigInt(e.position));
  t.ok(
    positions.every((p, i) => i === 0 || p > (positions[i - 1] as bigint)),
    'positions grow in stream order',
  );
  t.match(events[0]?.data, { paragraph: '10', symbol: 'CAT/C/KAZ/CO/4', state: 'KAZ' });
  t.match(events[1]?.data, measure);
});

t.test('the list filters by state, mechanism, status, level, overdue and theme', async (t) => {
  const { app } = await followedUp(t);
  const ids = async (query: string) => {
    const answer = await get(app, `/v1/recommendations?${query}`);
    t.equal(answer.status, 200, query, { body: answer.body });
    return (answer.json.items as { id: string }[]).map((item) => item.id);
  };
  const everything = [UPR_ID, PARA_10, PARA_12A, UZB_ID].sort();
  t.strictSame(await ids(''), everything);
  t.strictSame(await ids('state=KAZ'), [UPR_ID, PARA_10, PARA_12A].sort());
  t.strictSame(await ids('state=UZB'), [UZB_ID]);
  t.strictSame(await ids('state=NOR'), []);
  t.strictSame(await ids('mechanism=UPR'), [UPR_ID]);
  t.strictSame(await ids('mechanism=CAT&state=KAZ'), [PARA_10, PARA_12A]);
  t.strictSame(await ids('status=implemented'), [PARA_10]);
  t.strictSame(await ids('status=no_information'), [UPR_ID, PARA_12A, UZB_ID].sort());
  t.strictSame(await ids('status=not_started'), []);
  t.strictSame(await ids('commitment=accepted&state=KAZ'), [UPR_ID, PARA_10, PARA_12A].sort());
  t.strictSame(await ids('commitment=noted'), []);
  t.strictSame(await ids('status=in_progress'), []);
  t.strictSame(await ids('level=satisfactory'), [PARA_10]);
  t.strictSame(await ids('level=partially_satisfactory'), [UZB_ID]);
  t.strictSame(await ids('level=not_assessed'), [UPR_ID, PARA_12A].sort());
  t.strictSame(await ids('overdue=true'), [PARA_12A, UZB_ID].sort());
  t.strictSame(await ids('overdue=true&state=KAZ'), [PARA_12A]);
  t.strictSame(await ids('overdue=false'), [UPR_ID, PARA_10].sort());
  t.strictSame(await ids('theme=Definition%20of%20torture'), [PARA_10, UZB_ID].sort());
  t.strictSame(await ids('theme=Nothing'), []);
  const full = await get(app, `/v1/recommendations?state=UZB`);
  t.match(full.json.items[0], { id: UZB_ID, assessment: { grade: 'B1', level: 'partially_satisfactory' } });
  t.equal(full.json.next, null);
});

t.test('the list pages with a cursor in a stable order; limit is 1 to 500', async (t) => {
  const { app } = await followedUp(t);
  const all = (await get(app, '/v1/recommendations')).json.items.map((i: { id: string }) => i.id);
  for (const limit of [1, 2, 3, 4, 500]) {
    const seen: string[] = [];
    let url = `/v1/recommendations?limit=${limit}`;
    for (let page = 0; page < 10; page++) {
      const answer = await get(app, url);
      t.equal(answer.status, 200);
      t.ok(answer.json.items.length <= limit);
      seen.push(...answer.json.items.map((i: { id: string }) => i.id));
      if (answer.json.next === null) break;
      t.type(answer.json.next, 'string');
      url = `/v1/recommendations?limit=${limit}&cursor=${encodeURIComponent(answer.json.next)}`;
    }
    t.strictSame(seen, all, `every item once at limit ${limit}`);
  }
  const again = (await get(app, '/v1/recommendations')).json.items.map((i: { id: string }) => i.id);
  t.strictSame(again, all, 'the same order on every call');
  const filtered = await get(app, '/v1/recommendations?state=KAZ&limit=2');
  const rest = await get(app, `/v1/recommendations?state=KAZ&limit=2&cursor=${encodeURIComponent(filtered.json.next)}`);
  t.strictSame(
    rest.json.items.map((i: { id: string }) => i.id),
    [PARA_12A],
    'the cursor keeps the filter',
  );
  t.equal(rest.json.next, null);

  for (const query of ['limit=501', 'limit=0', 'limit=-1', 'limit=abc', 'limit=1.5']) {
    assertProblem(t, await get(app, `/v1/recommendations?${query}`), 400, query);
  }
  for (const query of ['state=XXX', 'state=Narnia', 'mechanism=ABC', 'status=done', 'level=good', 'overdue=yes']) {
    assertProblem(t, await get(app, `/v1/recommendations?${query}`), 400, query);
  }
  assertProblem(t, await get(app, '/v1/recommendations?cursor=%21%21not-ours'), 400, 'a cursor not made here');
  assertProblem(t, await get(app, '/v1/recommendations?sate=KAZ'), 400, 'a mistyped parameter');
});

t.test('the states overview counts each State by status', async (t) => {
  const { app } = await followedUp(t);
  const overview = await get(app, '/v1/states');
  t.equal(overview.status, 200);
  t.strictSame(overview.json, {
    items: [
      {
        state: 'KAZ',
        recommendations: 3,
        byStatus: { no_information: 2, not_started: 0, in_progress: 0, implemented: 1 },
        accepted: {
          recommendations: 3,
          byStatus: { no_information: 2, not_started: 0, in_progress: 0, implemented: 1 },
        },
      },
      {
        state: 'UZB',
        recommendations: 1,
        byStatus: { no_information: 1, not_started: 0, in_progress: 0, implemented: 0 },
        accepted: {
          recommendations: 1,
          byStatus: { no_information: 1, not_started: 0, in_progress: 0, implemented: 0 },
        },
      },
    ],
  });
});

const zeroStatus = { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 };
const COMMITMENTS = ['accepted', 'supported_in_part', 'noted', 'pending', 'special_procedure'];
const emptyCommitments = () =>
  Object.fromEntries(COMMITMENTS.map((c) => [c, { recommendations: 0, byStatus: { ...zeroStatus } }]));
const MECHANISMS = ['CAT', 'CCPR', 'CESCR', 'CEDAW', 'CERD', 'CRC', 'CRPD', 'CED', 'CMW', 'SPT', 'UPR', 'SP'];
const emptyMechanisms = () =>
  Object.fromEntries(MECHANISMS.map((m) => [m, { recommendations: 0, byStatus: { ...zeroStatus } }]));

t.test('a State status as of a day counts only what was effective on it', async (t) => {
  const { app } = await followedUp(t);
  const status = async (query: string) => {
    const answer = await get(app, `/v1/states/KAZ/status${query}`);
    t.equal(answer.status, 200, query, { body: answer.body });
    return answer;
  };
  const midway = await status('?asOf=2024-06-01');
  const head = midway.json.position as string;
  t.match(head, /^\d+$/);
  t.equal(midway.headers.etag, `W/"${head}"`);
  t.strictSame(midway.json, {
    state: 'KAZ',
    asOf: '2024-06-01',
    position: head,
    recommendations: 3,
    byStatus: { no_information: 2, not_started: 0, in_progress: 1, implemented: 0 },
    byLevel: {
      satisfactory: 0,
      partially_satisfactory: 0,
      not_satisfactory: 0,
      no_reply: 0,
      contrary: 0,
      not_assessed: 3,
    },
    byMechanism: {
      ...emptyMechanisms(),
      CAT: { recommendations: 2, byStatus: { no_information: 1, not_started: 0, in_progress: 1, implemented: 0 } },
      UPR: { recommendations: 1, byStatus: { no_information: 1, not_started: 0, in_progress: 0, implemented: 0 } },
    },
    byCommitment: {
      ...emptyCommitments(),
      accepted: { recommendations: 3, byStatus: { no_information: 2, not_started: 0, in_progress: 1, implemented: 0 } },
    },
    upr: { supported: 1, supported_in_part: 0, noted: 0, pending: 0 },
    followUp: { selected: 2, replied: 1, overdue: 1, pending: 0, repliedOnTime: 0, repliedLate: 1, closed: 0 },
    communications: { sent: 0, pending: 0, overdue: 0, repliedOnTime: 0, repliedLate: 0 },
    reports: { overdue: 0, overdueReports: [] },
  });

  const early = await status('?asOf=2020-04-01');
  t.equal(early.json.recommendations, 1);
  t.strictSame(early.json.upr, { supported: 0, supported_in_part: 0, noted: 0, pending: 1 });
  t.strictSame(early.json.followUp, {
    selected: 0,
    replied: 0,
    overdue: 0,
    pending: 0,
    repliedOnTime: 0,
    repliedLate: 0,
    closed: 0,
  });
  const beforeAll = await status('?asOf=2019-01-01');
  t.equal(beforeAll.json.recommendations, 0);
  t.strictSame(beforeAll.json.byMechanism, emptyMechanisms());

  const now = await status('');
  t.equal(now.json.asOf, new Date().toISOString().slice(0, 10), 'asOf defaults to today (UTC)');
  t.strictSame(now.json.byStatus, { no_information: 2, not_started: 0, in_progress: 0, implemented: 1 });
  t.match(now.json.byLevel, { satisfactory: 1, not_assessed: 2 });
  t.strictSame(now.json.followUp, {
    selected: 2,
    replied: 1,
    overdue: 1,
    pending: 0,
    repliedOnTime: 0,
    repliedLate: 1,
    closed: 0,
  });
});

t.test('a State without data answers zeros; bad codes and dates are 400', async (t) => {
  const { app } = await followedUp(t);
  const norway = await get(app, '/v1/states/NOR/status?asOf=2025-01-01');
  t.equal(norway.status, 200);
  t.equal(norway.json.recommendations, 0);
  t.strictSame(norway.json.byMechanism, emptyMechanisms());
  t.strictSame(norway.json.upr, { supported: 0, supported_in_part: 0, noted: 0, pending: 0 });
  t.strictSame(norway.json.byLevel.not_assessed, 0);
  for (const url of [
    '/v1/states/XXX/status',
    '/v1/states/Narnia/status',
    '/v1/states/KAZ/status?asOf=2024-02-30',
    '/v1/states/KAZ/status?asOf=01-06-2024',
    '/v1/states/KAZ/status?asof=2024-06-01',
  ]) {
    assertProblem(t, await get(app, url), 400, url);
  }
});

t.test('a State is named by its code in any case or by its name, and answered under its code', async (t) => {
  const { app } = await followedUp(t);
  const canonical = await get(app, '/v1/states/KAZ/status?asOf=2024-06-01');
  for (const state of ['kaz', 'Kaz', 'Kazakhstan', 'KAZAKHSTAN', 'KZ']) {
    const answer = await get(app, `/v1/states/${state}/status?asOf=2024-06-01`);
    t.equal(answer.status, 200, state, { body: answer.body });
    t.strictSame(answer.json, canonical.json, `${state} is KAZ`);
  }
  const listed = async (query: string) =>
    (await get(app, `/v1/recommendations?${query}`)).json.items.map((i: { id: string }) => i.id);
  const kaz = await listed('state=KAZ');
  t.ok(kaz.length > 0);
  t.strictSame(await listed('state=kaz'), kaz);
  t.strictSame(await listed('state=Kazakhstan'), kaz);
  const unknown = await get(app, '/v1/states/Narnia/status');
  t.equal(unknown.status, 400);
  t.match(unknown.json.detail, /state.*ISO 3166-1 alpha-3 code \(KAZ, in any case\) or its name \(Kazakhstan\)/);
});

t.test('a State status revalidates with If-None-Match on its log position', async (t) => {
  const { app, tokens } = await followedUp(t);
  const url = '/v1/states/KAZ/status?asOf=2024-06-01';
  const first = await get(app, url);
  const etag = first.headers.etag as string;
  const cached = await get(app, url, undefined, { 'if-none-match': etag });
  t.equal(cached.status, 304);
  t.equal(cached.body, '');
  t.equal(cached.headers.etag, etag);
  const written = await post(app, `/v1/recommendations/${PARA_12A}/measures`, tokens.kaz, measure);
  const fresh = await get(app, url, undefined, { 'if-none-match': etag });
  t.equal(fresh.status, 200, 'a write moves the position: the status is served again');
  t.equal(fresh.headers.etag, `W/"${written.json.position}"`);
  t.equal(fresh.json.position, written.json.position, 'read-your-writes: the status has reached the write');
  t.strictSame(fresh.json.byStatus, { no_information: 1, not_started: 0, in_progress: 2, implemented: 0 });
});
