import t from 'tap';
import { liveAndRebuilt } from '../reliability/read-models.js';
import { get, post, serviceFor } from './harness.js';

// Illustrative letters and visit concerning Kazakhstan: the references, dates and subjects are made up.
const letter = {
  reference: 'AL KAZ 1/2024',
  state: 'KAZ',
  mandates: ['torture', 'human-rights-defenders'],
  sentOn: '2024-01-10',
  subject: 'Alleged ill-treatment of a human rights defender in detention',
};
const appeal = { reference: 'UA KAZ 2/2024', state: 'KAZ', mandates: ['expression'], sentOn: '2024-02-01' };
const other = {
  reference: 'OL KAZ 3/2024',
  state: 'KAZ',
  mandates: ['assembly-and-association'],
  sentOn: '2024-03-01',
  replyDueOn: '2024-06-30',
};
const uzbek = { reference: 'AL UZB 1/2024', state: 'UZB', mandates: ['torture'], sentOn: '2024-01-15' };

t.test('communications: sent, replied to, and where each reply stands on any day', async (t) => {
  const { app, tokens, followup } = await serviceFor(t);
  const sent = await post(app, '/v1/communications', tokens.secretariat, { ...letter, reference: 'al kaz 1/2024' });
  t.equal(sent.status, 201);
  t.equal(sent.headers.location, '/v1/communications/al-kaz-1-2024');
  t.strictSame(sent.json.events, ['CommunicationSent']);
  for (const body of [appeal, other, uzbek])
    t.equal((await post(app, '/v1/communications', tokens.secretariat, body)).status, 201);

  const one = await get(app, '/v1/communications/al-kaz-1-2024?asOf=2024-03-10');
  t.match(one.json, {
    reference: 'AL KAZ 1/2024',
    kind: 'allegation_letter',
    replyDueOn: '2024-03-10',
    replyDueFrom: 'rule',
    standing: 'pending',
    replies: [],
  });
  t.equal((await get(app, '/v1/communications/al-kaz-1-2024?asOf=2024-03-11')).json.standing, 'overdue');
  t.equal((await get(app, '/v1/communications/al-kaz-1-2024?asOf=2024-01-09')).status, 404, 'not yet sent then');

  // The State replies to the letter late, to the appeal on its due day.
  const late = await post(app, '/v1/communications/al-kaz-1-2024/replies', tokens.kaz, {
    receivedOn: '2024-04-02',
    note: 'Note verbale',
  });
  t.equal(late.status, 200);
  t.equal(late.headers.etag, 'W/"1"');
  t.equal(
    (await post(app, '/v1/communications/ua-kaz-2-2024/replies', tokens.kaz, { receivedOn: '2024-04-01' })).status,
    200,
  );

  const standings = async (asOf: string, query = '') =>
    Object.fromEntries(
      (await get(app, `/v1/communications?state=KAZ&asOf=${asOf}${query}`)).json.items.map(
        (item: { reference: string; standing: string }) => [item.reference, item.standing],
      ),
    );
  t.strictSame(await standings('2024-01-31'), { 'AL KAZ 1/2024': 'pending' }, 'only what was sent by then');
  t.strictSame(await standings('2024-04-01'), {
    'AL KAZ 1/2024': 'overdue',
    'UA KAZ 2/2024': 'replied',
    'OL KAZ 3/2024': 'pending',
  });
  t.strictSame(await standings('2024-04-02'), {
    'AL KAZ 1/2024': 'replied_late',
    'UA KAZ 2/2024': 'replied',
    'OL KAZ 3/2024': 'pending',
  });
  t.strictSame(await standings('2024-07-01', '&standing=overdue,replied_late'), {
    'AL KAZ 1/2024': 'replied_late',
    'OL KAZ 3/2024': 'overdue',
  });
  t.strictSame(await standings('2024-07-01', '&mandate=expression'), { 'UA KAZ 2/2024': 'replied' });
  t.strictSame(await standings('2024-07-01', '&kind=other_letter'), { 'OL KAZ 3/2024': 'overdue' });

  // Counts in the State's status, on both sides of each due day.
  const counts = async (asOf: string) => (await get(app, `/v1/states/KAZ/status?asOf=${asOf}`)).json.communications;
  t.strictSame(await counts('2024-03-10'), { sent: 3, pending: 3, overdue: 0, repliedOnTime: 0, repliedLate: 0 });
  t.strictSame(await counts('2024-03-11'), { sent: 3, pending: 2, overdue: 1, repliedOnTime: 0, repliedLate: 0 });
  t.strictSame(await counts('2024-04-02'), { sent: 3, pending: 1, overdue: 0, repliedOnTime: 1, repliedLate: 1 });
  t.strictSame(await counts('2024-06-30'), { sent: 3, pending: 1, overdue: 0, repliedOnTime: 1, repliedLate: 1 });
  t.strictSame(await counts('2024-07-01'), { sent: 3, pending: 0, overdue: 1, repliedOnTime: 1, repliedLate: 1 });
  t.strictSame((await get(app, '/v1/states/UZB/status?asOf=2024-07-01')).json.communications, {
    sent: 1,
    pending: 0,
    overdue: 1,
    repliedOnTime: 0,
    repliedLate: 0,
  });

  // Paging: one at a time by the reply's due day.
  const first = await get(app, '/v1/communications?asOf=2024-07-01&limit=2');
  t.equal(first.json.items.length, 2);
  const second = await get(app, `/v1/communications?asOf=2024-07-01&limit=2&cursor=${first.json.next}`);
  t.strictSame(
    [...first.json.items, ...second.json.items].map((item: { replyDueOn: string }) => item.replyDueOn),
    ['2024-03-10', '2024-03-15', '2024-04-01', '2024-06-30'],
  );
  t.equal(second.json.next, null);

  // The read models are what a replay of the log makes of it.
  const { live, rebuilt } = await liveAndRebuilt(followup.db, followup.store);
  t.equal(live.communications?.length, 4);
  t.equal(live.communication_replies?.length, 2);
  t.strictSame(rebuilt, live, 'a rebuild from the log gives the same read models');
});

t.test('communications: refusals as problem+json, changing nothing', async (t) => {
  const { app, tokens } = await serviceFor(t);
  t.equal((await post(app, '/v1/communications', tokens.secretariat, letter)).status, 201);
  const cases: [string, string | undefined, unknown, number, RegExp][] = [
    ['/v1/communications', tokens.secretariat, letter, 409, /already sent/],
    ['/v1/communications', tokens.secretariat, { ...letter, reference: 'AL KAZ 1 2024' }, 400, /reference/],
    ['/v1/communications', tokens.secretariat, { ...letter, reference: 'AL UZB 9/2024' }, 422, /names UZB, not KAZ/],
    [
      '/v1/communications',
      tokens.secretariat,
      { ...letter, reference: 'AL KAZ 9/2024', kind: 'urgent_appeal' },
      422,
      /not urgent_appeal/,
    ],
    [
      '/v1/communications',
      tokens.secretariat,
      { ...letter, reference: 'AL KAZ 9/2024', mandates: ['nobody'] },
      422,
      /not a mandate/,
    ],
    [
      '/v1/communications',
      tokens.secretariat,
      { ...letter, reference: 'AL KAZ 9/2024', mandates: [] },
      400,
      /mandates/,
    ],
    ['/v1/communications', tokens.secretariat, { ...letter, reference: 'AL KAZ 9/2024', extra: 1 }, 400, /extra/],
    ['/v1/communications', tokens.kaz, { ...letter, reference: 'AL KAZ 9/2024' }, 403, /may not run SendCommunication/],
    ['/v1/communications', undefined, { ...letter, reference: 'AL KAZ 9/2024' }, 401, /./],
    ['/v1/communications/al-kaz-1-2024/replies', tokens.uzb, { receivedOn: '2024-02-01' }, 403, /not for KAZ/],
    ['/v1/communications/al-kaz-1-2024/replies', tokens.kaz, { receivedOn: '2024-01-09' }, 422, /cannot precede/],
    ['/v1/communications/al-kaz-9-2099/replies', tokens.kaz, { receivedOn: '2024-01-09' }, 404, /does not exist/],
  ];
  for (const [url, token, body, status, detail] of cases) {
    const answer = await post(app, url, token, body);
    t.equal(answer.status, status, `${url} ${JSON.stringify(body)}`);
    t.match(answer.headers['content-type'], /application\/problem\+json/);
    t.match(`${answer.json.detail} ${JSON.stringify(answer.json.errors ?? [])}`, detail);
  }
  const after = await get(app, '/v1/communications/al-kaz-1-2024?asOf=2025-01-01');
  t.equal(after.json.revision, 0, 'nothing appended');
  t.equal((await get(app, '/v1/communications?asOf=2025-01-01')).json.items.length, 1);
  t.equal((await get(app, '/v1/communications?standing=late')).status, 400);
  t.equal((await get(app, '/v1/communications?cursor=bm9wZQ')).status, 400);
});

t.test('mandates, and country visits with the recommendations of their report', async (t) => {
  const { app, tokens, followup } = await serviceFor(t);
  const mandates = await get(app, '/v1/mandates');
  t.ok(mandates.json.items.length >= 44, `${mandates.json.items.length} thematic mandates`);
  t.match(mandates.json.items, [{ id: 'albinism', kind: 'independent_expert' }]);
  t.match((await get(app, '/v1/mandates/country-blr')).json, { kind: 'special_rapporteur', title: /Belarus/ });
  t.equal((await get(app, '/v1/mandates/nobody')).status, 404);

  const visit = { mandate: 'torture', state: 'KAZ', startedOn: '2024-05-13', endedOn: '2024-05-24' };
  const recorded = await post(app, '/v1/visits', tokens.secretariat, visit);
  t.equal(recorded.status, 201);
  t.equal(recorded.headers.location, '/v1/visits/torture-kaz-2024-05-13');
  const recommendation = {
    state: 'KAZ',
    mechanism: 'SP',
    symbol: 'A/HRC/58/55/Add.1',
    paragraph: '87(a)',
    text: 'Ensure that every person deprived of liberty has access to a lawyer from the outset.',
    issuedOn: '2025-02-20',
    visitId: 'torture-kaz-2024-05-13',
  };
  const early = await post(app, '/v1/recommendations', tokens.secretariat, recommendation);
  t.equal(early.status, 422);
  t.match(early.json.detail, /not published/);
  const report = await post(app, '/v1/visits/torture-kaz-2024-05-13/report', tokens.secretariat, {
    symbol: 'A/HRC/58/55/Add.1',
    publishedOn: '2025-02-20',
  });
  t.equal(report.status, 200);
  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, recommendation)).status, 201);
  const issued = await get(app, '/v1/recommendations/a-hrc-58-55-add-1-87-a');
  t.strictSame(issued.json.mandates, ['torture'], "the visit's mandate is the recommendation's");

  const one = await get(app, '/v1/visits/torture-kaz-2024-05-13');
  t.match(one.json, {
    mandate: 'torture',
    report: { symbol: 'A/HRC/58/55/Add.1', publishedOn: '2025-02-20' },
    recommendations: [{ id: 'a-hrc-58-55-add-1-87-a', paragraph: '87(a)', issuedOn: '2025-02-20' }],
    revision: 1,
  });
  t.equal((await get(app, '/v1/visits?state=KAZ&mandate=torture')).json.items.length, 1);
  t.equal((await get(app, '/v1/visits?state=UZB')).json.items.length, 0);

  const refusals: [string, string, unknown, number][] = [
    ['/v1/visits', tokens.secretariat, visit, 409],
    ['/v1/visits', tokens.secretariat, { ...visit, startedOn: '2024-06-01' }, 422],
    ['/v1/visits', tokens.secretariat, { ...visit, mandate: 'nobody' }, 422],
    ['/v1/visits', tokens.kaz, { ...visit, startedOn: '2024-01-01', endedOn: '2024-01-02' }, 403],
    [
      '/v1/visits/torture-kaz-2024-05-13/report',
      tokens.secretariat,
      { symbol: 'A/HRC/58/55/Add.2', publishedOn: '2025-03-01' },
      409,
    ],
    ['/v1/visits/nowhere/report', tokens.secretariat, { symbol: 'A/HRC/58/55/Add.2', publishedOn: '2025-03-01' }, 404],
    ['/v1/recommendations', tokens.secretariat, { ...recommendation, paragraph: '88', symbol: 'A/HRC/58/55' }, 422],
    ['/v1/recommendations', tokens.secretariat, { ...recommendation, paragraph: '88', visitId: 'nowhere' }, 422],
  ];
  for (const [url, token, body, status] of refusals) {
    const answer = await post(app, url, token, body);
    t.equal(answer.status, status, `${url} ${JSON.stringify(body)}: ${answer.json.detail}`);
  }
  const { live, rebuilt } = await liveAndRebuilt(followup.db, followup.store);
  t.equal(live.visits?.length, 1);
  t.equal(live.visit_recommendations?.length, 1);
  t.strictSame(rebuilt, live, 'a rebuild from the log gives the same read models');
});
