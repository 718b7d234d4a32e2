/** Public reads are bounded: a recommendation inlines at most 50 measures and pages the rest. */
import t from 'tap';
import { assertProblem, get, loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

t.test('a recommendation with 130 measures: 50 inline, the rest a page at a time', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  const total = 130;
  const description = 'x'.repeat(5000);
  for (let i = 0; i < total; i++) {
    const answer = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `Measure ${i}`,
      description,
    });
    if (answer.status !== 200) throw new Error(answer.body);
  }
  const view = await get(service.app, `/v1/recommendations/${PARA_10}`);
  t.equal(view.status, 200);
  t.equal(view.json.measures.length, 50, 'at most 50 measures inline');
  t.equal(view.json.measures[0].title, 'Measure 0', 'the first ones, in the order recorded');
  t.equal(view.json.moreMeasures.total, total);
  t.ok(view.body.length < 50 * 5300, `the view is bounded: ${view.body.length} bytes`);

  const list = await get(service.app, '/v1/recommendations?state=KAZ&limit=500');
  const listed = list.json.items.find((item: { id: string }) => item.id === PARA_10);
  t.equal(listed.measures.length, 50, 'a list page inlines at most 50 per recommendation too');
  t.equal(listed.moreMeasures.total, total);

  const titles: string[] = view.json.measures.map((m: { title: string }) => m.title);
  let next: string | null = view.json.moreMeasures.next;
  let pages = 0;
  while (next !== null) {
    const page = await get(service.app, `${next.split('&limit=')[0]}&limit=30`);
    t.equal(page.status, 200, next, { body: page.body });
    t.equal(page.json.total, total);
    t.ok(page.json.measures.length <= 30);
    titles.push(...page.json.measures.map((m: { title: string }) => m.title));
    next = page.json.next === null ? null : `/v1/recommendations/${PARA_10}/measures?after=${page.json.next}`;
    pages += 1;
  }
  t.equal(pages, 3, '80 more measures in pages of 30');
  t.strictSame(
    titles,
    Array.from({ length: total }, (_, i) => `Measure ${i}`),
    'every measure once, in order',
  );
  assertProblem(t, await get(service.app, `/v1/recommendations/${PARA_10}/measures?limit=201`), 400, 'page too large');
  assertProblem(t, await get(service.app, '/v1/recommendations/no-such-one/measures'), 404, 'unknown recommendation');
  const few = await get(service.app, '/v1/recommendations/cat-c-kaz-co-4-12-a');
  t.notOk('moreMeasures' in few.json, 'no moreMeasures when all are inline');
});

t.test('heavy queries beyond the bound are 503 with Retry-After; the place is given back', async (t) => {
  const service = await serviceFor(t, { limits: { heavyQueries: 1 } });
  await loadFoundingCase(service);
  for (let i = 0; i < 100; i++) {
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `Measure ${i}`,
    });
  }
  const exportLog = () => service.app.inject({ url: '/v1/events', headers: { accept: 'application/x-ndjson' } });
  const answers = await Promise.all([exportLog(), exportLog(), exportLog(), exportLog()]);
  const statuses = answers.map((answer) => answer.statusCode);
  t.ok(statuses.includes(200), `one export runs: ${statuses}`);
  const refused = answers.find((answer) => answer.statusCode === 503);
  t.ok(refused, 'the others are refused while it runs');
  t.equal(refused?.headers['retry-after'], '2');
  t.match(refused?.json().detail, /1 heavy queries .* are running/);
  const done = answers.find((answer) => answer.statusCode === 200);
  t.equal(done?.body.trim().split('\n').length, 106, 'the export that ran is whole');
  const history = await get(service.app, `/v1/recommendations/${PARA_10}/history`);
  t.equal(history.status, 200, 'the places were given back: a history runs');
  const again = await exportLog();
  t.equal(again.statusCode, 200, 'and another export');
});

t.test('a history is paged: at most limit events, next the revision to continue after', async (t) => {
  const service = await serviceFor(t);
  await loadFoundingCase(service);
  for (let i = 0; i < 24; i++) {
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `Measure ${i}`,
    });
  }
  const whole = await get(service.app, `/v1/recommendations/${PARA_10}/history`);
  t.equal(whole.json.events.length, 25, 'by default up to 500 events: all 25 here');
  t.equal(whole.json.next, null);
  const revisions: number[] = [];
  let after = -1;
  let pages = 0;
  for (;;) {
    const page = await get(service.app, `/v1/recommendations/${PARA_10}/history?after=${after}&limit=10`);
    t.equal(page.status, 200);
    t.ok(page.json.events.length <= 10);
    t.equal(page.json.integrity.verified, true, 'the chain of every page verifies');
    revisions.push(...page.json.events.map((e: { revision: number }) => e.revision));
    pages += 1;
    if (page.json.next === null) break;
    after = page.json.next;
  }
  t.equal(pages, 3);
  t.strictSame(
    revisions,
    Array.from({ length: 25 }, (_, i) => i),
    'every event once, in order',
  );
  t.strictSame(
    (await get(service.app, `/v1/recommendations/${PARA_10}/history?after=9&limit=1`)).json.events[0].status,
    whole.json.events[10].status,
    'the status after an event is the same on a page as in the whole',
  );
  assertProblem(t, await get(service.app, `/v1/recommendations/${PARA_10}/history?limit=1001`), 400, 'page too big');
});
