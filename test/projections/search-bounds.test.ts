/** A search's work is bounded: too many hits is refused, facets count the best ranked, pages past those kept rank again. */
import t from 'tap';
import { PositionQueries, SearchQueries } from '../../projections/index.js';
import { InvalidInput } from '../../src/domain/errors.js';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import { issueToArmenia, Log } from './log.js';

const log = new Log();
const STATES = ['KAZ', 'UZB', 'KGZ'];
for (let n = 1; n <= 30; n++) {
  const symbol = `CAT/C/${STATES[n % 3]}/CO/1`;
  const id = recommendationId(symbol, String(n));
  // The word "torture" once to n % 5 + 1 times: scores differ, and tie within each group.
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    state: STATES[n % 3],
    mechanism: n % 2 === 0 ? 'CAT' : 'CCPR',
    symbol,
    paragraph: String(n),
    text: `Prevent ${'torture '.repeat((n % 5) + 1)}in places of detention.`,
    issuedOn: `${2010 + (n % 4)}-03-01`,
    themes: [n % 2 === 0 ? 'Torture' : 'Detention'],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  });
}
const today = '2026-01-01';
const bounded = new SearchQueries(log.db, new PositionQueries(log.db), { maxMatches: 20, facetHits: 7, keptHits: 4 });
const unbounded = log.models.search;

t.test('a query matching more than the bound is refused as too broad, naming q; narrowed, it answers', async (t) => {
  const error = t.throws(() => bounded.search({ q: 'torture', limit: 5, today })) as InvalidInput;
  t.type(error, InvalidInput);
  t.match(error.message, /too broad: it matches more than 20 recommendations; add words or filters/);
  t.strictSame(
    error.errors.map((e) => e.path),
    ['q'],
  );
  const narrowed = bounded.search({ q: 'torture', state: 'KAZ', limit: 5, today });
  t.equal(narrowed.facets!.total, 10, 'a filter the index answers narrows before the bound');
});

t.test('facets count the best-ranked hits up to the bound, and say how many', async (t) => {
  const facets = bounded.search({ q: 'torture', mechanism: 'CAT', limit: 3, today }).facets!;
  t.equal(facets.total, 15);
  t.equal(facets.counted, 7);
  t.equal(
    facets.state.reduce((sum, facet) => sum + facet.count, 0),
    7,
  );
  const all = unbounded.search({ q: 'torture', mechanism: 'CAT', limit: 3, today }).facets!;
  t.equal(all.counted, 15, 'within the bound, every hit');
});

t.test('pages past the hits kept are ranked again from the cursor, in the same order as one long page', async (t) => {
  const whole = unbounded.search({ q: 'torture', limit: 500, today }).items.map((hit) => hit.id);
  t.equal(whole.length, 30);
  for (let i = 1; i < whole.length; i++) t.not(whole[i], whole[i - 1]);
  for (const limit of [1, 3, 4, 5, 7]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = new SearchQueries(log.db, new PositionQueries(log.db), {
        maxMatches: 100,
        facetHits: 100,
        keptHits: 4,
      }).search({ q: 'torture', limit, today, ...(cursor && { cursor }) });
      seen.push(...page.items.map((hit) => hit.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    t.strictSame(seen, whole, `limit ${limit}, a fresh process for each page`);
    const kept = new SearchQueries(log.db, new PositionQueries(log.db), {
      maxMatches: 100,
      facetHits: 100,
      keptHits: 4,
    });
    const again: string[] = [];
    cursor = undefined;
    do {
      const page = kept.search({ q: 'torture', limit, today, ...(cursor && { cursor }) });
      again.push(...page.items.map((hit) => hit.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    t.strictSame(again, whole, `limit ${limit}, one process keeping the first hits`);
  }
});

t.test('a search kept is answered again only while the log stands still', async (t) => {
  const local = new Log();
  const issue = (n: number, text: string) => issueToArmenia(local, String(n), text);
  issue(1, 'Abolish solitary confinement.');
  const first = local.models.searchRecommendations({ q: 'solitary', limit: 10, today });
  t.equal(first.facets!.total, 1);
  issue(2, 'Limit solitary confinement of minors.');
  t.equal(local.models.searchRecommendations({ q: 'solitary', limit: 10, today }).facets!.total, 2, 'seen at once');
});
