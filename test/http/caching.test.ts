import t, { type Test } from 'tap';
import {
  assertProblem,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  paragraph10,
  post,
  REPORT_ID,
  type Service,
  serviceFor,
} from './harness.js';

const REVALIDATE_PUBLIC = 'public, max-age=0, must-revalidate';
const REVALIDATE_PRIVATE = 'private, max-age=0, must-revalidate';

/** Every read that follows the log, as an anonymous reader asks it. */
const READS = [
  '/v1/recommendations?state=KAZ',
  '/v1/recommendations?state=KAZ&overdue=true',
  `/v1/recommendations/${PARA_10}`,
  `/v1/recommendations/${PARA_10}/history`,
  `/v1/reports/${REPORT_ID}`,
  '/v1/states',
  '/v1/states/KAZ/status',
  '/v1/states/KAZ/status?asOf=2024-06-01',
  '/v1/events?limit=3',
];

async function founded(t: Test, options: { publicRead?: boolean } = {}): Promise<Service> {
  const service = await serviceFor(t, options);
  await loadFoundingCase(service);
  return service;
}

/** Moves the service's clock (today()) `days` ahead for the rest of the test. */
function daysLater(t: Test, days: number): void {
  const real = Date.now;
  Date.now = () => real() + days * 86_400_000;
  t.teardown(() => {
    Date.now = real;
  });
}

t.test('every read carries an ETag; If-None-Match answers 304 without a body until an event moves it', async (t) => {
  const { app, tokens } = await founded(t);
  const tags = new Map<string, string>();
  for (const url of READS) {
    const first = await get(app, url);
    t.equal(first.status, 200, url, { body: first.body });
    const tag = first.headers.etag as string;
    t.match(tag, /^(W\/)?"[^"]+"$/, `${url}: an entity tag`);
    t.equal(first.headers['cache-control'], REVALIDATE_PUBLIC, `${url}: public, revalidated before each use`);
    t.match(first.headers.vary, /\bAuthorization\b/, `${url}: varies on Authorization`);
    const again = await get(app, url, undefined, { 'if-none-match': tag });
    t.equal(again.status, 304, `${url}: 304 while nothing changed`);
    t.equal(again.body, '', `${url}: no body`);
    t.equal(again.headers.etag, tag, `${url}: the same tag`);
    t.equal(again.headers['cache-control'], REVALIDATE_PUBLIC, `${url}: 304 keeps Cache-Control`);
    t.match(again.headers.vary, /\bAuthorization\b/);
    tags.set(url, tag);
  }
  t.equal((await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure)).status, 200);
  for (const url of READS) {
    const after = await get(app, url, undefined, { 'if-none-match': tags.get(url) as string });
    if (url.startsWith(`/v1/reports/`)) {
      t.equal(after.status, 304, `${url}: a measure on a recommendation leaves the report's revision`);
      continue;
    }
    t.equal(after.status, 200, `${url}: a write answers the new state`);
    t.not(after.headers.etag, tags.get(url), `${url}: under a new tag`);
  }
});

t.test('a tag names one URL and one reader scope: it never revalidates another answer', async (t) => {
  const { app, tokens } = await founded(t);
  const kaz = await get(app, '/v1/recommendations?state=KAZ');
  const uzb = await get(app, '/v1/recommendations?state=UZB', undefined, {
    'if-none-match': kaz.headers.etag as string,
  });
  t.equal(uzb.status, 200, 'another query');
  const anonymous = await get(app, '/v1/events?limit=50');
  const admin = await get(app, '/v1/events?limit=50', tokens.admin, {
    'if-none-match': anonymous.headers.etag as string,
  });
  t.equal(admin.status, 200, 'an admin reads token events an anonymous reader does not: not the same answer');
  t.ok(
    admin.json.events.length > anonymous.json.events.length,
    'the admin answer holds the token events the public one lacks',
  );
  const invalid = await get(app, '/v1/recommendations?state=KAZ&bogus=1', undefined, {
    'if-none-match': kaz.headers.etag as string,
  });
  assertProblem(t, invalid, 400, 'a bad query is refused before any tag is compared');
  const star = await get(app, '/v1/states', undefined, { 'if-none-match': '*' });
  t.equal(star.status, 304, 'If-None-Match: * matches any current answer');
});

t.test('answers to a token are private; reads behind tokens are private to everyone', async (t) => {
  const { app, tokens } = await founded(t);
  for (const url of READS) {
    const answer = await get(app, url, tokens.reader);
    t.equal(answer.headers['cache-control'], REVALIDATE_PRIVATE, `${url}: private`);
    t.match(answer.headers.vary, /\bAuthorization\b/);
  }
  const closed = await founded(t, { publicRead: false });
  const answer = await get(closed.app, '/v1/states', closed.tokens.reader);
  t.equal(answer.status, 200);
  t.equal(answer.headers['cache-control'], REVALIDATE_PRIVATE);
  t.notOk((await get(closed.app, '/v1/states')).headers['cache-control'], 'a 401 is given no caching header');
});

t.test('answers judged on today carry the day in their tag; answers on a named day do not', async (t) => {
  const { app } = await founded(t);
  const today = new Date().toISOString().slice(0, 10);
  const status = await get(app, '/v1/states/KAZ/status');
  t.equal(status.headers.etag, `W/"${status.json.position}@${today}"`, 'the position, and the day as of which');
  const named = await get(app, '/v1/states/KAZ/status?asOf=2024-06-01');
  t.equal(named.headers.etag, `W/"${named.json.position}"`, 'the contract tag: the position alone');
  const list = await get(app, '/v1/recommendations?state=KAZ');
  const plan = await get(app, '/v1/states/KAZ/plan');
  t.equal(plan.status, 200, 'a plan, judged on today by default', { body: plan.body });
  const overview = await get(app, '/v1/states');
  // Overdue settled (the deadline passed, no reply ahead): the day no longer matters to the recommendation.
  const settled = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(settled.headers.etag, 'W/"0"');

  daysLater(t, 1);
  const tomorrow = new Date(Date.now()).toISOString().slice(0, 10);
  const next = await get(app, '/v1/states/KAZ/status', undefined, { 'if-none-match': status.headers.etag as string });
  t.equal(next.status, 200, 'the next day the status is answered again: overdue may have moved');
  t.equal(next.headers.etag, `W/"${status.json.position}@${tomorrow}"`);
  const sameDay = { 'if-none-match': named.headers.etag as string };
  t.equal((await get(app, '/v1/states/KAZ/status?asOf=2024-06-01', undefined, sameDay)).status, 304);
  const nextList = await get(app, '/v1/recommendations?state=KAZ', undefined, {
    'if-none-match': list.headers.etag as string,
  });
  t.equal(nextList.status, 200, 'lists judge overdue on today: a new day, a new tag');
  const nextPlan = await get(app, '/v1/states/KAZ/plan', undefined, { 'if-none-match': plan.headers.etag as string });
  t.equal(nextPlan.status, 200, 'a read that says nothing of the day is taken to depend on it');
  const sameOverview = await get(app, '/v1/states', undefined, { 'if-none-match': overview.headers.etag as string });
  t.equal(sameOverview.status, 304, 'current statuses do not depend on the day');
  const stillSettled = await get(app, `/v1/recommendations/${PARA_10}`, undefined, { 'if-none-match': 'W/"0"' });
  t.equal(stillSettled.status, 304);
});

t.test(
  'a recommendation whose deadline is ahead is tagged with the day, and that tag serves as If-Match',
  async (t) => {
    const { app, tokens } = await founded(t);
    const pending = { ...paragraph10, paragraph: '99', followUp: { deadline: '2099-01-01' } };
    const issued = await post(app, '/v1/recommendations', tokens.secretariat, pending);
    t.equal(issued.status, 201);
    const url = issued.headers.location as string;
    const today = new Date().toISOString().slice(0, 10);
    const read = await get(app, url);
    t.equal(read.json.followUp.overdue, false);
    t.equal(read.headers.etag, `W/"0@${today}"`, 'the revision, and the day overdue was judged on');
    t.equal((await get(app, url, undefined, { 'if-none-match': read.headers.etag as string })).status, 304);
    const written = await post(app, `${url}/measures`, tokens.kaz, measure, {
      'if-match': read.headers.etag as string,
    });
    t.equal(written.status, 200, 'If-Match takes the tag a read answered');
    const stale = await post(app, `${url}/measures`, tokens.kaz, measure, { 'if-match': read.headers.etag as string });
    t.equal(stale.status, 412, 'and compares its revision');
    daysLater(t, 1);
    const later = await get(app, url, undefined, { 'if-none-match': `W/"2@${today}"` });
    t.equal(later.status, 200, "yesterday's tag does not revalidate today's answer");
  },
);

t.test('a past day as known at a past instant is kept a day; streams are not tagged', async (t) => {
  const { app, tokens } = await founded(t);
  const url = '/v1/states/KAZ/status?asOf=2024-06-01&recordedBefore=2025-01-01';
  const settled = await get(app, url);
  t.equal(settled.status, 200);
  t.equal(settled.headers['cache-control'], 'public, max-age=86400', 'it can no longer change');
  t.match(settled.headers.etag, /^W\/"\d+"$/);
  const future = await get(app, '/v1/states/KAZ/status?asOf=2024-06-01&recordedBefore=2999-01-01');
  t.equal(future.headers['cache-control'], REVALIDATE_PUBLIC, 'an instant ahead: events may still come before it');
  const ndjson = await get(app, '/v1/events', undefined, { accept: 'application/x-ndjson' });
  t.equal(ndjson.status, 200);
  t.notOk(ndjson.headers.etag, 'the NDJSON log is not tagged');
  t.notOk(ndjson.headers['cache-control'], 'nor cached');
  const written = await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure);
  t.equal(written.status, 200);
  t.notOk(written.headers['cache-control'], 'commands are not given read caching');
});

t.test('a kept answer is served again only while its tag holds: a write is in the next read', async (t) => {
  const { app, tokens } = await founded(t);
  const status = '/v1/states/KAZ/status';
  const search = '/v1/recommendations?q=zebracrossing';
  const first = await get(app, status);
  const again = await get(app, status);
  t.equal(again.body, first.body, 'the same answer, byte for byte');
  t.equal(again.headers.etag, first.headers.etag);
  t.equal(again.headers['content-type'], first.headers['content-type']);
  t.equal(again.headers.vary, first.headers.vary);
  t.not(again.headers['x-request-id'], first.headers['x-request-id'], 'each answer is its own request');
  t.equal((await get(app, search)).json.items.length, 0, 'nothing found yet');
  t.equal((await get(app, search)).json.items.length, 0);
  const asToken = await get(app, status, tokens.reader);
  t.equal(asToken.headers['cache-control'], REVALIDATE_PRIVATE, 'a token reader is answered as one');
  t.equal((await get(app, status)).headers['cache-control'], REVALIDATE_PUBLIC, 'an anonymous reader as one too');

  const titled = { ...measure, title: 'A zebracrossing decree' };
  t.equal((await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, titled)).status, 200);
  const found = await get(app, search);
  t.equal(found.json.items.length, 1, 'the measure just recorded is found by the next search');
  t.match(found.json.items[0].match.snippet, /<mark>zebracrossing<\/mark>/);
  const after = await get(app, status);
  t.not(after.headers.etag, first.headers.etag, 'under a new tag');
  const today = new Date().toISOString().slice(0, 10);
  const counted = await get(app, `${status}?asOf=${today}`);
  t.same(after.json, counted.json, 'the status kept before the write is not served: it is counted again');
  t.same((await get(app, status)).json, counted.json, 'and kept again');
});

t.test(
  'a write about one State leaves the other States kept; a write about no recommendation leaves searches',
  async (t) => {
    const { app, tokens, followup } = await founded(t);
    const { reportId: _, ...unreported } = paragraph10;
    const uzbIssue = { ...unreported, state: 'UZB', symbol: 'CAT/C/UZB/CO/4' };
    const issued = await post(app, '/v1/recommendations', tokens.secretariat, uzbIssue);
    t.equal(issued.status, 201, issued.body);
    const kaz = '/v1/states/KAZ/status';
    const uzb = '/v1/states/UZB/status';
    const search = '/v1/recommendations?q=torture';
    const kaz1 = await get(app, kaz);
    const uzb1 = await get(app, uzb);
    const found1 = await get(app, search);
    t.ok(found1.json.items.length > 1, 'the search finds both States');
    const tag = (answer: { headers: Record<string, unknown> }) => answer.headers.etag as string;
    const unchanged = async (url: string, before: { headers: Record<string, unknown>; body: string }, why: string) => {
      t.equal((await get(app, url, undefined, { 'if-none-match': tag(before) })).status, 304, `${url}: 304, ${why}`);
      const again = await get(app, url);
      t.equal(again.headers.etag, tag(before), `${url}: the same tag, ${why}`);
      t.equal(again.body, before.body, `${url}: the same answer, byte for byte, ${why}`);
    };
    const changed = async (url: string, before: { headers: Record<string, unknown> }, why: string) => {
      t.equal((await get(app, url, undefined, { 'if-none-match': tag(before) })).status, 200, `${url}: 200, ${why}`);
      const after = await get(app, url);
      t.not(after.headers.etag, tag(before), `${url}: a new tag, ${why}`);
      return after;
    };

    // A measure on one of Kazakhstan's recommendations.
    const recorded = await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure);
    t.equal(recorded.status, 200);
    await unchanged(uzb, uzb1, "after a measure on another State's recommendation");
    const kaz2 = await changed(kaz, kaz1, 'after a measure on its recommendation');
    t.equal(kaz2.json.position, recorded.json.position, "the status names the write's position");
    t.not(kaz2.json.byStatus.no_information, kaz1.json.byStatus.no_information, 'and counts it');
    t.equal(uzb1.json.position < recorded.json.position, true, "Uzbekistan's status names an earlier position");
    const today = new Date().toISOString().slice(0, 10);
    t.same(kaz2.json, (await get(app, `${kaz}?asOf=${today}`)).json, 'what a count on the day gives');
    const found2 = await changed(search, found1, 'a hit changed');

    // Writes that change no recommendation and no status: an institution, a token.
    const institution = { state: 'KAZ', name: 'Ministry of Justice', kind: 'ministry' };
    t.equal((await post(app, '/v1/institutions', tokens.kaz, institution)).status, 201);
    await unchanged(search, found2, 'after an institution was added');
    await unchanged(kaz, kaz2, 'after an institution was added');
    await unchanged(uzb, uzb1, 'after an institution was added');

    // A report of Uzbekistan's: its status (its reports) follows it, Kazakhstan's and the search do not.
    const report = { state: 'UZB', mechanism: 'CAT', cycle: 1, symbol: 'CAT/C/UZB/5', submittedOn: '2023-01-10' };
    t.equal((await post(app, '/v1/reports', tokens.secretariat, report)).status, 201);
    const uzb2 = await changed(uzb, uzb1, 'after a report of its own');
    await unchanged(kaz, kaz2, "after another State's report");
    await unchanged(search, found2, 'after a report');

    // A communication to Kazakhstan.
    const letter = { reference: 'AL KAZ 1/2024', state: 'KAZ', mandates: ['torture'], sentOn: '2024-01-10' };
    t.equal((await post(app, '/v1/communications', tokens.secretariat, letter)).status, 201);
    const kaz3 = await changed(kaz, kaz2, 'after a communication to it');
    t.equal(kaz3.json.communications.sent, 1);
    await unchanged(uzb, uzb2, 'after a communication to another State');

    // Every State's counts, read from the counts kept, are those counted over every recommendation.
    const states = await get(app, '/v1/states');
    t.same(states.json, followup.readModels.states.recountStatesOverview(), 'the counts kept equal a recount');
    t.same(
      states.json.items.map((item: { state: string; recommendations: number }) => [item.state, item.recommendations]),
      [
        ['KAZ', 3],
        ['UZB', 1],
      ],
    );
  },
);
