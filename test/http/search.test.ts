import t from 'tap';
import { type Answer, assertProblem, get, loadFoundingCase, PARA_10, post, serviceFor, UPR_ID } from './harness.js';

t.test('GET /v1/recommendations?q= finds, ranks, highlights and counts facets', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const found = await get(app, '/v1/recommendations?q=TORTURE', tokens.reader);
  t.equal(found.status, 200);
  t.ok(found.json.items.length >= 1);
  t.equal(found.json.items[0].id, PARA_10);
  t.match(found.json.items[0].match.snippet, /<mark>torture<\/mark>/);
  t.type(found.json.items[0].match.score, 'number');
  t.equal(found.json.items[0].status, 'no_information', 'the whole recommendation');
  t.equal(found.json.facets.total, found.json.items.length);
  t.match(found.json.facets.mechanism, [{ value: 'CAT' }]);
  t.match(found.json.facets.state, [{ value: 'KAZ' }]);
  t.match(found.json.facets.year, [{ value: '2023' }]);
  t.ok(found.json.facets.theme.some((facet: { value: string }) => facet.value === 'Definition of torture'));

  const phrase = await get(app, `/v1/recommendations?q=${encodeURIComponent('"definition of torture"')}`);
  t.ok(phrase.json.items.some((item: { id: string }) => item.id === PARA_10));
  const filtered = await get(app, '/v1/recommendations?q=torture&mechanism=UPR');
  t.strictSame(
    filtered.json.items.map((item: { id: string }) => item.id),
    filtered.json.items
      .filter((item: { mechanism: string }) => item.mechanism === 'UPR')
      .map((i: { id: string }) => i.id),
  );
  const sdg = await get(app, '/v1/recommendations?q=torture&sdg=16.3&yearFrom=2023&yearTo=2023');
  t.equal(sdg.status, 200);
  t.ok(
    sdg.json.items.some((item: { id: string }) => item.id === PARA_10),
    'sdg 16.3 as the source labels it',
  );
  const none = await get(app, '/v1/recommendations?q=torture&yearTo=2000');
  t.strictSame(none.json.items, []);
  t.equal(none.json.facets.total, 0);
  const plain = await get(app, '/v1/recommendations?limit=1');
  t.notOk('facets' in plain.json, 'no facets without q');
  t.notOk('match' in plain.json.items[0]);
  t.ok(UPR_ID);
});

t.test('paging a search with its cursor', async (t) => {
  const service = await serviceFor(t);
  const { app } = service;
  await withTortures(service, (issued) => t.equal(issued.status, 201));
  const all = (await get(app, '/v1/recommendations?q=torture&limit=500')).json.items.map((i: { id: string }) => i.id);
  const seen: string[] = [];
  let next: string | null = null;
  do {
    const cursor: string = next ? `&cursor=${next}` : '';
    const page = await get(app, `/v1/recommendations?q=torture&limit=2${cursor}`);
    t.equal(page.status, 200);
    seen.push(...page.json.items.map((i: { id: string }) => i.id));
    next = page.json.next;
  } while (next);
  t.strictSame(seen, all);
  t.ok(all.length >= 4);
});

t.test('a malformed search is a 400 problem naming the problem, never a 500', async (t) => {
  const { app } = await serviceFor(t);
  for (const q of ['"unterminated', 'torture AND', 'nosuchcolumn:word', 'NEAR(', '(a']) {
    const answer = await get(app, `/v1/recommendations?q=${encodeURIComponent(q)}`);
    assertProblem(t, answer, 400, q);
    t.match(answer.json.errors, [{ path: 'q' }], `${q}: names q`);
  }
  const unterminated = await get(app, `/v1/recommendations?q=${encodeURIComponent('"abc')}`);
  t.match(unterminated.json.detail, /unterminated string/);
  assertProblem(t, await get(app, '/v1/recommendations?q='), 400, 'empty q');
  assertProblem(t, await get(app, '/v1/recommendations?q=torture&cursor=abc'), 400, 'a cursor not of a search');
  assertProblem(t, await get(app, '/v1/recommendations?sdg=sixteen'), 400, 'not an SDG');
  assertProblem(t, await get(app, '/v1/recommendations?position=maybe'), 400, 'not a position');
});

/** Each issue answered 201, or the setup stops. */
function mustBeIssued(issued: Answer): void {
  if (issued.status !== 201) throw new Error(`not issued: ${issued.body}`);
}

/** The founding case and three more recommendations on torture, each issue's answer checked by `check`. */
async function withTortures(
  service: Awaited<ReturnType<typeof serviceFor>>,
  check: (issued: Answer) => unknown = mustBeIssued,
): Promise<void> {
  await loadFoundingCase(service);
  for (const paragraph of ['30', '31', '32']) {
    const issued = await post(service.app, '/v1/recommendations', service.tokens.secretariat, {
      state: 'UZB',
      mechanism: 'CAT',
      symbol: 'CAT/C/UZB/CO/5',
      paragraph,
      text: `Paragraph ${paragraph}: prevent torture in pre-trial detention.`,
      issuedOn: '2020-01-01',
    });
    check(issued);
  }
}

t.test('a search too broad for its bound is a 400 naming q, at once; narrowed, it answers', async (t) => {
  const service = await serviceFor(t, { searchBounds: { maxMatches: 3, facetHits: 1 } });
  await withTortures(service);
  const broad = await get(service.app, '/v1/recommendations?q=torture');
  assertProblem(t, broad, 400, 'too broad');
  t.match(broad.json.detail, /q is too broad: it matches more than 3 recommendations; add words or filters/);
  t.match(broad.json.errors, [{ path: 'q' }]);
  const narrowed = await get(service.app, '/v1/recommendations?q=torture&state=KAZ');
  t.equal(narrowed.status, 200, 'a filter the index answers narrows it under the bound');
  t.equal(narrowed.json.facets.total, 1);
  t.equal(narrowed.json.facets.counted, 1);
});

t.test('the facets come with the first page only, and say how many hits they count', async (t) => {
  const service = await serviceFor(t, { searchBounds: { facetHits: 2 } });
  await withTortures(service);
  const first = await get(service.app, '/v1/recommendations?q=torture&limit=1');
  t.equal(first.json.facets.total, 4);
  t.equal(first.json.facets.counted, 2, 'counted over the best two only');
  t.equal(
    first.json.facets.mechanism.reduce((sum: number, facet: { count: number }) => sum + facet.count, 0),
    2,
  );
  const second = await get(service.app, `/v1/recommendations?q=torture&limit=1&cursor=${first.json.next}`);
  t.equal(second.status, 200);
  t.equal(second.json.facets, null, 'no facets after the first page');
});
