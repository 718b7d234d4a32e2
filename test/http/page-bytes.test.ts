/**
 * A page's size is bounded in bytes as well as in items (FOLLOWUP_PAGE_BYTES): a page stops before its JSON passes
 * the limit, at least one item served, and its cursor goes on from the last item served.
 */
import t, { type Test } from 'tap';
import { get, loadFoundingCase, measure, PARA_10, PARA_12A, post, serviceFor, UPR_ID } from './harness.js';

const PAGE_BYTES = 40 * 1024;
const MEASURES = { [PARA_10]: 80, [PARA_12A]: 10, [UPR_ID]: 10 };

/**
 * Measures of about 600 bytes: paragraph 10's 80 make a list item of some 30 KB (50 inlined) and 48 KB of measures,
 * the other two items of some 6 KB; a list of the three, or paragraph 10's measures, pass 40 KB.
 */
async function fatService(t: Test) {
  const service = await serviceFor(t, { limits: { pageBytes: PAGE_BYTES } });
  await loadFoundingCase(service);
  const description = 'd'.repeat(400);
  for (const [id, count] of Object.entries(MEASURES)) {
    for (let i = 0; i < count; i++) {
      const answer = await post(service.app, `/v1/recommendations/${id}/measures`, service.tokens.kaz, {
        ...measure,
        title: `Measure ${i}`,
        description,
      });
      if (answer.status !== 200) throw new Error(answer.body);
    }
  }
  return service;
}

t.test('a list page stops before its bytes pass the limit; the cursor gives the rest, each once', async (t) => {
  const service = await fatService(t);
  const ids: string[] = [];
  let url: string | null = '/v1/recommendations?state=KAZ&limit=500';
  let pages = 0;
  while (url !== null) {
    const page = await get(service.app, url);
    t.equal(page.status, 200, url, { body: page.body.slice(0, 300) });
    t.ok(
      page.body.length <= PAGE_BYTES || page.json.items.length === 1,
      `page ${pages}: ${page.body.length} bytes, ${page.json.items.length} items`,
    );
    ids.push(...page.json.items.map((item: { id: string }) => item.id));
    url = page.json.next === null ? null : `/v1/recommendations?state=KAZ&limit=500&cursor=${page.json.next}`;
    pages += 1;
  }
  t.ok(pages >= 2, `more than one page: ${pages}`);
  t.ok(ids.length > pages, 'a page holds several items when they fit');
  const oneByOne: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(service.app, `/v1/recommendations?state=KAZ&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    oneByOne.push(...page.json.items.map((item: { id: string }) => item.id));
    cursor = page.json.next;
  } while (cursor !== null);
  t.strictSame(ids, oneByOne, 'every recommendation once, in the order of the list');
});

t.test('a page of measures, of the history and of the log stop at the limit too', async (t) => {
  const service = await fatService(t);
  const measures: string[] = [];
  let after = -1;
  for (;;) {
    const page = await get(service.app, `/v1/recommendations/${PARA_10}/measures?after=${after}&limit=200`);
    t.ok(page.body.length <= PAGE_BYTES, `measures: ${page.body.length} bytes`);
    measures.push(...page.json.measures.map((m: { title: string }) => m.title));
    if (page.json.next === null) break;
    after = Number(page.json.next);
  }
  t.strictSame(
    measures,
    Array.from({ length: 80 }, (_, i) => `Measure ${i}`),
    'every measure once, in order',
  );

  const revisions: number[] = [];
  let from = -1;
  for (;;) {
    const page = await get(service.app, `/v1/recommendations/${PARA_10}/history?after=${from}&limit=1000`);
    t.ok(page.body.length <= PAGE_BYTES, `history: ${page.body.length} bytes`);
    t.equal(page.json.integrity.verified, true);
    revisions.push(...page.json.events.map((e: { revision: number }) => e.revision));
    if (page.json.next === null) break;
    from = page.json.next;
  }
  t.strictSame(
    revisions,
    Array.from({ length: 81 }, (_, i) => i),
    'every event of the history once',
  );

  let logPages = 0;
  let logEvents = 0;
  let position: string | null = '0';
  while (position !== null) {
    const page = await get(service.app, `/v1/events?after=${position}&limit=1000`, service.tokens.admin);
    t.ok(page.body.length <= PAGE_BYTES, `log: ${page.body.length} bytes`);
    logEvents += page.json.events.length;
    position = page.json.next;
    logPages += 1;
  }
  t.ok(logPages >= 2, `the log in ${logPages} pages`);
  let all = 0;
  for await (const _ of service.followup.store.readAll()) all += 1;
  t.equal(logEvents, all, 'every event of the log once');
});

t.test('one item larger than the limit is still served, alone, and the page moves on', async (t) => {
  const service = await serviceFor(t, { limits: { pageBytes: 16 * 1024 } });
  await loadFoundingCase(service);
  for (let i = 0; i < 3; i++) {
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `Big ${i}`,
      description: 'b'.repeat(19_000),
    });
  }
  const page = await get(service.app, `/v1/recommendations/${PARA_10}/measures?limit=200`);
  t.equal(page.json.measures.length, 1, 'one measure, over the limit alone');
  t.not(page.json.next, null, 'and the cursor to the next');
});
