import t from 'tap';
import type { SearchFilter } from '../../projections/index.js';
import { InvalidInput } from '../../src/domain/errors.js';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import { Log } from './log.js';

const log = new Log();

interface Given {
  state: string;
  mechanism: string;
  paragraph: string;
  text: string;
  issuedOn: string;
  themes?: string[];
  sdgs?: string[];
  affectedPersons?: string[];
  mandates?: string[];
  uprCycle?: number;
  followUp?: { deadline: string };
}

function issue(given: Given): string {
  const symbol = `${given.mechanism}/C/${given.state}/CO/1`;
  const id = recommendationId(symbol, given.paragraph);
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    state: given.state,
    mechanism: given.mechanism,
    symbol,
    paragraph: given.paragraph,
    text: given.text,
    issuedOn: given.issuedOn,
    themes: given.themes ?? [],
    sdgs: given.sdgs ?? [],
    affectedPersons: given.affectedPersons ?? [],
    recommendingStates: [],
    ...(given.mandates && { mandates: given.mandates }),
    ...(given.uprCycle !== undefined && { uprCycle: given.uprCycle }),
    ...(given.followUp && { followUp: given.followUp }),
  });
  return id;
}

const definition = issue({
  state: 'KAZ',
  mechanism: 'CAT',
  paragraph: '10',
  text: 'Adopt a definition of torture that covers all the elements of article 1 of the Convention.',
  issuedOn: '2014-12-12',
  themes: ['Definition of torture'],
  sdgs: ['16.3'],
  affectedPersons: ['Persons deprived of their liberty'],
  followUp: { deadline: '2015-12-12' },
});
const tortured = issue({
  state: 'UZB',
  mechanism: 'CAT',
  paragraph: '7',
  text: 'Ensure that persons TORTURED in custody obtain redress <and> compensation.',
  issuedOn: '2020-01-10',
  themes: ['Torture and other cruel, inhuman or degrading treatment', 'Remedies'],
  sdgs: ['16.a'],
});
const education = issue({
  state: 'KGZ',
  mechanism: 'CRC',
  paragraph: '3',
  text: "Garantir l'éducation primaire gratuite dans les régions rurales.",
  issuedOn: '2016-06-01',
  themes: ['Education'],
  sdgs: ['4.1'],
  affectedPersons: ['Children'],
});
const detention = issue({
  state: 'TJK',
  mechanism: 'SP',
  paragraph: '88',
  text: 'Close the facility and release those held without charge.',
  issuedOn: '2019-03-03',
  mandates: ['arbitrary-detention'],
  themes: ['Liberty and security of the person'],
});
const upr = issue({
  state: 'KAZ',
  mechanism: 'UPR',
  paragraph: '140.1',
  text: 'Criminalize torture in line with international standards and investigate all allegations of torture.',
  issuedOn: '2019-11-07',
  uprCycle: 3,
  themes: ['Definition of torture'],
});
log.append(recommendationStream(upr), 'RecommendationResponded', {
  recommendationId: upr,
  position: 'supported',
  respondedOn: '2020-03-12',
});
const later = issue({
  state: 'KAZ',
  mechanism: 'CCPR',
  paragraph: '20',
  text: 'Investigate allegations of ill-treatment promptly.',
  issuedOn: '2022-07-01',
  themes: ['Torture and other cruel, inhuman or degrading treatment'],
});
log.append(recommendationStream(later), 'MeasureImplemented', {
  recommendationId: later,
  title: 'Anti-torture action plan adopted',
  institution: 'Government',
  implementedOn: '2023-01-10',
  evidence: [],
  completes: true,
});

type Query = Omit<SearchFilter, 'limit' | 'today'> & { limit?: number };
const search = (query: Query) => log.models.searchRecommendations({ limit: 100, today: '2026-01-01', ...query });
const ids = (query: Query) => search(query).items.map((item) => item.id);
const sorted = (list: string[]) => [...list].sort();

t.test('English stems: torture finds tortured and the measure titled anti-torture', async (t) => {
  t.strictSame(sorted(ids({ q: 'torture' })), sorted([definition, tortured, upr, later]));
  t.strictSame(ids({ q: 'investigating' }), ids({ q: 'investigate' }), 'one stem, one answer');
  t.ok(ids({ q: 'investigating' }).includes(later));
});

t.test('case and accents are folded', async (t) => {
  t.strictSame(ids({ q: 'EDUCATION' }), [education]);
  t.strictSame(ids({ q: 'regions rurales' }), [education], 'régions, written without its accent');
  t.strictSame(ids({ q: 'Régions' }), [education]);
});

t.test('phrases, prefixes and operators', async (t) => {
  t.strictSame(ids({ q: '"allegations of torture"' }), [upr], 'the phrase, not its words apart');
  t.strictSame(sorted(ids({ q: 'allegations torture' })), sorted([upr, later]), 'every word, in any column');
  t.strictSame(ids({ q: 'compens*' }), [tortured]);
  t.strictSame(ids({ q: 'educ*' }), [education]);
  t.strictSame(sorted(ids({ q: 'redress OR release' })), sorted([tortured, detention]));
  t.strictSame(sorted(ids({ q: 'torture NOT criminalize' })), sorted([definition, tortured, later]));
  t.strictSame(ids({ q: 'NEAR(investigate allegations, 2)' }).length, 2);
});

t.test("mandates' titles and themes are searched", async (t) => {
  t.strictSame(ids({ q: 'arbitrary detention' }), [detention], 'the Working Group on Arbitrary Detention');
  t.strictSame(ids({ q: 'remedies' }), [tortured]);
  t.strictSame(ids({ q: 'themes:liberty' }), [detention], 'one column');
});

t.test(
  'best first: the text weighs more than a measure, and each hit has a highlighted, escaped snippet',
  async (t) => {
    const hits = search({ q: 'torture' }).items;
    t.equal(hits.at(-1)!.id, later, 'matched in a measure title only: last');
    for (let i = 1; i < hits.length; i++) t.ok(hits[i - 1]!.match.score <= hits[i]!.match.score, 'scores ascend');
    const compensation = search({ q: 'compensation' }).items[0]!;
    t.match(compensation.match.snippet, /redress &lt;and&gt; <mark>compensation<\/mark>/);
    t.equal(compensation.status, 'no_information', 'the whole recommendation is served');
  },
);

t.test('facets count every hit by mechanism, State, theme and year, most first', async (t) => {
  const facets = search({ q: 'torture', limit: 1 }).facets!;
  t.equal(facets.total, 4);
  t.equal(facets.counted, 4, 'every hit counted');
  t.strictSame(facets.state, [
    { value: 'KAZ', count: 3 },
    { value: 'UZB', count: 1 },
  ]);
  t.strictSame(facets.mechanism, [
    { value: 'CAT', count: 2 },
    { value: 'CCPR', count: 1 },
    { value: 'UPR', count: 1 },
  ]);
  t.strictSame(facets.theme, [
    { value: 'Definition of torture', count: 2 },
    { value: 'Torture and other cruel, inhuman or degrading treatment', count: 2 },
    { value: 'Remedies', count: 1 },
  ]);
  t.strictSame(facets.year.map((facet) => facet.value).sort(), ['2014', '2019', '2020', '2022']);
  t.equal(search({ q: 'torture', state: 'KAZ' }).facets!.total, 3, 'the filters apply');
});

t.test('paging with the cursor returns every hit exactly once, in rank order', async (t) => {
  const all = ids({ q: 'torture OR education OR detention' });
  t.equal(all.length, 6);
  for (const limit of [1, 2, 4, 6]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = search({ q: 'torture OR education OR detention', limit, ...(cursor && { cursor }) });
      t.ok(page.items.length <= limit);
      if (cursor === undefined) t.equal(page.facets!.total, 6, 'the first page has the facets of the whole answer');
      else t.equal(page.facets, null, 'the pages after it have none');
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    t.strictSame(seen, all, `limit ${limit}`);
  }
  t.throws(() => search({ q: 'torture', cursor: 'bm90IGEgY3Vyc29y' }), InvalidInput, 'a cursor not of a search');
});

t.test('every filter combines with the words', async (t) => {
  t.strictSame(ids({ q: 'torture', state: 'UZB' }), [tortured]);
  t.strictSame(ids({ q: 'torture', mechanism: 'UPR' }), [upr]);
  t.strictSame(ids({ q: 'torture', theme: 'Remedies' }), [tortured]);
  t.strictSame(ids({ q: 'torture', sdg: '16.3' }), [definition], 'an SDG target');
  t.strictSame(sorted(ids({ q: 'torture', sdg: '16' })), sorted([definition, tortured]), 'an SDG goal: its targets');
  t.strictSame(ids({ q: 'torture', affectedPersons: 'Persons deprived of their liberty' }), [definition]);
  t.strictSame(ids({ q: 'detention', mandate: 'arbitrary-detention' }), [detention]);
  t.strictSame(ids({ q: 'torture', uprCycle: 3 }), [upr]);
  t.strictSame(ids({ q: 'torture', yearFrom: 2015, yearTo: 2020 }).sort(), sorted([tortured, upr]));
  t.strictSame(ids({ q: 'torture', yearTo: 2014 }), [definition]);
  t.strictSame(ids({ q: 'torture', position: 'supported' }), [upr]);
  t.strictSame(ids({ q: 'torture', commitment: 'accepted' }).sort(), sorted([definition, tortured, upr, later]));
  t.strictSame(ids({ q: 'torture', status: 'implemented' }), [later]);
  t.strictSame(ids({ q: 'torture', level: 'not_assessed' }).length, 4);
  t.strictSame(ids({ q: 'torture', overdue: true }), [definition]);
  t.strictSame(ids({ q: 'torture', overdue: false }).sort(), sorted([tortured, upr, later]));
});

t.test('the new filters work without words too', async (t) => {
  const list = (query: Omit<Query, 'q'>) =>
    log.models.listRecommendations({ limit: 100, today: '2026-01-01', ...query }).items.map((item) => item.id);
  t.strictSame(list({ sdg: '4' }), [education]);
  t.strictSame(list({ affectedPersons: 'Children' }), [education]);
  t.strictSame(list({ position: 'supported' }), [upr]);
  t.strictSame(list({ yearFrom: 2022 }), [later]);
});

t.test('a changed text, new themes and measures are searched as they are now', async (t) => {
  const local = new Log();
  const id = 'cat-c-arm-co-1-5';
  const stream = recommendationStream(id);
  const issued = local.append(stream, 'RecommendationIssued', {
    recommendationId: id,
    state: 'ARM',
    mechanism: 'CAT',
    symbol: 'CAT/C/ARM/CO/1',
    paragraph: '5',
    text: 'Abolish solitary confinement for juveniles.',
    issuedOn: '2020-01-01',
    themes: ['Detention'],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  });
  const find = (q: string) => local.models.searchRecommendations({ q, limit: 10, today: '2026-01-01' }).items.length;
  t.equal(find('solitary'), 1);
  local.append(stream, 'RecommendationTextChanged', { recommendationId: id, text: 'Limit isolation of minors.' });
  t.equal(find('solitary'), 0, 'the old words are gone');
  t.equal(find('isolation'), 1);
  local.append(stream, 'RecommendationReclassified', {
    recommendationId: id,
    themes: ['Children'],
    sdgs: [],
    affectedPersons: [],
  });
  t.equal(find('themes:detention'), 0);
  t.equal(find('themes:children'), 1);
  local.append(stream, 'MeasureImplemented', {
    recommendationId: id,
    title: 'Juvenile justice code',
    institution: 'Parliament',
    implementedOn: '2021-01-01',
    evidence: [],
    completes: false,
  });
  local.append(stream, 'MeasureImplemented', {
    recommendationId: id,
    title: 'Ombudsman visits',
    institution: 'Ombudsman',
    implementedOn: '2021-02-01',
    evidence: [],
    completes: false,
  });
  t.equal(find('measures:ombudsman AND measures:justice'), 1, 'both titles kept');
  local.redeliver(issued);
  t.equal(find('isolation'), 1, 'an event delivered again changes nothing');
});

t.test('a query FTS5 refuses is invalid input naming the problem', async (t) => {
  for (const q of ['"unterminated', 'torture AND', 'nosuchcolumn:word', '(torture', 'NEAR(', '   ']) {
    t.throws(() => search({ q }), InvalidInput, q);
  }
  try {
    search({ q: '"unterminated' });
  } catch (error) {
    t.match((error as Error).message, /unterminated string/);
  }
});
