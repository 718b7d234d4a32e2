import t, { type Test } from 'tap';
import { get, post, serviceFor } from './harness.js';

// CAT/C/KAZ/CO/4 (the founding case: session ended 12 May 2023, reply received 13 May 2024) and an illustrative
// CCPR paragraph graded per sub-paragraph.
const cat = {
  state: 'KAZ',
  mechanism: 'CAT',
  symbol: 'CAT/C/KAZ/CO/4',
  issuedOn: '2023-05-10',
  text: 'Bring the definition of torture into line with article 1 of the Convention.',
};
const PARA_10 = 'cat-c-kaz-co-4-10';
const PARA_12A = 'cat-c-kaz-co-4-12-a';
const CCPR_26 = 'ccpr-c-kaz-co-3-26';

async function procedure(t: Test) {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const sec = tokens.secretariat;
  const ok = async (url: string, body: unknown, token = sec) => {
    const answer = await post(app, url, token, body);
    t.ok(answer.status === 200 || answer.status === 201, `${url} ${JSON.stringify(body)}`, { body: answer.body });
    return answer;
  };
  await ok('/v1/recommendations', { ...cat, paragraph: '10', followUp: { sessionEndedOn: '2023-05-12' } });
  await ok('/v1/recommendations', { ...cat, paragraph: '12(a)', followUp: { deadline: '2024-05-12' } });
  await ok('/v1/recommendations', {
    ...cat,
    mechanism: 'CCPR',
    symbol: 'CCPR/C/KAZ/CO/3',
    paragraph: '26',
    issuedOn: '2023-07-20',
    followUp: { deadline: '2026-07-28' },
  });
  return { ...service, ok };
}

t.test("without a deadline the body's rule gives one; a given deadline is kept as given", async (t) => {
  const { app } = await procedure(t);
  const para10 = await get(app, `/v1/recommendations/${PARA_10}`);
  t.match(para10.json.followUp, { deadline: '2024-05-12', deadlineFrom: 'body_default', dialogue: [] });
  const para12a = await get(app, `/v1/recommendations/${PARA_12A}`);
  t.match(para12a.json.followUp, { deadline: '2024-05-12', deadlineFrom: 'given' });
  const crc = await post(app, '/v1/recommendations', (await procedureToken(app)).sec, {
    ...cat,
    mechanism: 'CRC',
    symbol: 'CRC/C/KAZ/CO/5',
    paragraph: '18',
    followUp: {},
  });
  t.equal(crc.status, 422);
  t.match(crc.json.detail, /CRC has no follow-up procedure/);
});

/** The secretariat token of a fresh service is not needed twice: the first service's suffices for refusals. */
async function procedureToken(app: import('fastify').FastifyInstance) {
  const answer = await post(app, '/v1/tokens', 'test-admin-token-0123456789-abcdef', {
    name: 'another secretariat',
    role: 'secretariat',
  });
  return { sec: answer.json.token as string };
}

t.test('late, overdue, closed and pending on each day across the deadline', async (t) => {
  const { app, tokens, ok } = await procedure(t);
  await ok(
    `/v1/recommendations/${PARA_10}/follow-up-replies`,
    { receivedOn: '2024-05-13', symbol: 'CAT/C/KAZ/FCO/4' },
    tokens.kaz,
  );
  await ok(`/v1/recommendations/${PARA_12A}/follow-up-reminders`, { sentOn: '2024-09-02', symbol: 'CAT/FU/KAZ/1' });
  await ok(`/v1/recommendations/${PARA_12A}/follow-up-closure`, {
    closedOn: '2025-11-28',
    note: 'next periodic report due',
  });
  const followUpOn = async (asOf: string) => {
    const answer = await get(app, `/v1/states/KAZ/status?asOf=${asOf}`);
    t.equal(answer.status, 200, asOf, { body: answer.body });
    return answer.json.followUp;
  };
  t.strictSame(await followUpOn('2024-05-12'), {
    selected: 3,
    replied: 0,
    overdue: 0,
    pending: 3,
    repliedOnTime: 0,
    repliedLate: 0,
    closed: 0,
  });
  t.strictSame(
    await followUpOn('2024-05-13'),
    { selected: 3, replied: 1, overdue: 1, pending: 1, repliedOnTime: 0, repliedLate: 1, closed: 0 },
    'the day after the deadline: 12(a) overdue, 10 replied late that day',
  );
  t.strictSame(
    await followUpOn('2025-11-28'),
    { selected: 3, replied: 1, overdue: 0, pending: 1, repliedOnTime: 0, repliedLate: 1, closed: 1 },
    'closed from its day on, no longer overdue',
  );
  const overdue = await get(app, '/v1/recommendations?state=KAZ&overdue=true');
  t.strictSame(
    overdue.json.items.map((item: { id: string }) => item.id),
    [CCPR_26],
    'today: 12(a) is closed and 10 replied; only the CCPR reply due 28 July 2026 is overdue',
  );

  const para10 = await get(app, `/v1/recommendations/${PARA_10}`);
  t.match(para10.json.followUp, {
    standing: 'replied_late',
    repliedOn: '2024-05-13',
    replied: true,
    overdue: false,
    dialogue: [{ kind: 'reply', on: '2024-05-13', symbol: 'CAT/C/KAZ/FCO/4' }],
  });
  const para12a = await get(app, `/v1/recommendations/${PARA_12A}`);
  t.match(para12a.json.followUp, {
    standing: 'closed',
    closedOn: '2025-11-28',
    dialogue: [
      { kind: 'reminder', on: '2024-09-02', symbol: 'CAT/FU/KAZ/1' },
      { kind: 'closure', on: '2025-11-28', note: 'next periodic report due' },
    ],
  });
});

t.test('the dialogue refuses what the procedure does not allow, and appends nothing', async (t) => {
  const { app, tokens, ok } = await procedure(t);
  const before = await get(app, `/v1/recommendations/${PARA_12A}`);
  const early = await post(app, `/v1/recommendations/${PARA_12A}/follow-up-reminders`, tokens.secretariat, {
    sentOn: '2024-05-12',
  });
  t.equal(early.status, 422);
  t.equal(early.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(early.json.detail, /a reminder goes to a State whose reply is late/);
  const byState = await post(app, `/v1/recommendations/${PARA_12A}/follow-up-closure`, tokens.kaz, {
    closedOn: '2025-01-01',
  });
  t.equal(byState.status, 403, 'a State does not close its own follow-up');
  const request = await post(app, `/v1/recommendations/${PARA_12A}/further-information-requests`, tokens.secretariat, {
    requestedOn: '2024-12-02',
    replyBy: '2024-12-01',
  });
  t.equal(request.status, 422);
  const after = await get(app, `/v1/recommendations/${PARA_12A}`);
  t.equal(after.json.revision, before.json.revision, 'nothing appended');

  await ok(`/v1/recommendations/${PARA_12A}/further-information-requests`, {
    requestedOn: '2024-12-02',
    replyBy: '2025-06-02',
  });
  await ok(`/v1/recommendations/${PARA_12A}/follow-up-closure`, { closedOn: '2025-11-28' });
  const again = await post(app, `/v1/recommendations/${PARA_12A}/follow-up-closure`, tokens.secretariat, {
    closedOn: '2025-12-01',
  });
  t.equal(again.status, 409);
  const reminder = await post(app, `/v1/recommendations/${PARA_12A}/follow-up-reminders`, tokens.secretariat, {
    sentOn: '2025-12-01',
  });
  t.equal(reminder.status, 409, 'a closed procedure takes no reminder');
  const view = await get(app, `/v1/recommendations/${PARA_12A}`);
  t.match(view.json.followUp.dialogue, [
    { kind: 'request', on: '2024-12-02', replyBy: '2025-06-02' },
    { kind: 'closure' },
  ]);
});

t.test('sub-paragraphs graded differently the same day: all kept, the least satisfactory stands', async (t) => {
  const { app, tokens, ok } = await procedure(t);
  const grade = (part: string, grade: string) =>
    ok(`/v1/recommendations/${CCPR_26}/assessments`, {
      grade,
      part,
      assessedOn: '2026-10-30',
      symbol: 'CCPR/C/147/2/Add.1',
    });
  await grade('(a)', 'B');
  await grade('b', 'A');
  await grade('C', 'C');
  const view = await get(app, `/v1/recommendations/${CCPR_26}`);
  t.match(view.json.assessment, { grade: 'C', part: 'c', level: 'not_satisfactory', symbol: 'CCPR/C/147/2/Add.1' });
  t.match(
    view.json.assessments.map((a: { part: string; grade: string }) => `${a.part} ${a.grade}`),
    ['a B', 'b A', 'c C'],
  );
  const status = await get(app, '/v1/states/KAZ/status?asOf=2026-10-30');
  t.equal(status.json.byLevel.not_satisfactory, 1);
  t.equal(status.json.byLevel.satisfactory, 0);
  const dayBefore = await get(app, '/v1/states/KAZ/status?asOf=2026-10-29');
  t.equal(dayBefore.json.byLevel.not_assessed, 3, 'not graded the day before');
  const recorded = await get(
    app,
    `/v1/states/KAZ/status?asOf=2026-10-30&recordedBefore=${new Date(Date.now() + 1000).toISOString()}`,
  );
  t.equal(recorded.json.byLevel.not_satisfactory, 1, 'the same rule over the facts as recorded');
  const listed = await get(app, '/v1/recommendations?level=not_satisfactory');
  t.strictSame(
    listed.json.items.map((item: { id: string }) => item.id),
    [CCPR_26],
  );

  const cedawOnCcpr = await post(app, `/v1/recommendations/${CCPR_26}/assessments`, tokens.secretariat, {
    grade: '3',
    assessedOn: '2026-10-30',
  });
  t.equal(cedawOnCcpr.status, 422);
  t.match(cedawOnCcpr.json.detail, /grade 3 is not on CCPR's scale/);
  const badPart = await post(app, `/v1/recommendations/${CCPR_26}/assessments`, tokens.secretariat, {
    grade: 'A',
    part: 'a) b',
    assessedOn: '2026-10-30',
  });
  t.equal(badPart.status, 400);
});
