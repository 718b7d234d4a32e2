/**
 * Measures' titles are indexed apart from their recommendation's document, yet a search finds what it found when they
 * were kept in the document: checked against an FTS5 index holding each recommendation whole, titles joined one a line.
 */
import Database from 'better-sqlite3';
import t from 'tap';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import { issueToArmenia, Log } from './log.js';

const WORDS = ['clean', 'water', 'school', 'rural', 'prison', 'health', 'law', 'girls', 'justice', 'training'];
const STATES = ['KAZ', 'UZB'];
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const phrase = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

const log = new Log();
const whole = new Database(':memory:');
whole.exec(`
  CREATE VIRTUAL TABLE whole USING fts5(
    id UNINDEXED, state UNINDEXED, text, measures, mandates, themes, facets,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )
`);
const add = whole.prepare(
  'INSERT INTO whole (id, state, text, measures, mandates, themes, facets) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
for (let n = 1; n <= 60; n++) {
  const state = pick(STATES);
  const symbol = `CRC/C/${state}/CO/1`;
  const id = recommendationId(symbol, String(n));
  const text = `Ensure ${phrase(3)}.`;
  const themes = [pick(['Water', 'Education', 'Justice'])];
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    state,
    mechanism: 'CRC',
    symbol,
    paragraph: String(n),
    text,
    issuedOn: '2020-01-01',
    themes,
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  });
  const titles: string[] = [];
  for (let m = Math.floor(random() * 4); m > 0; m--) {
    const title = `${phrase(2 + Math.floor(random() * 2))} programme`;
    titles.push(title);
    log.append(recommendationStream(id), 'MeasureImplemented', {
      recommendationId: id,
      title,
      institution: 'Ministry',
      implementedOn: '2021-01-01',
      evidence: [],
      completes: false,
    });
  }
  add.run(id, state, text, titles.join('\n'), '', themes.join('\n'), '');
}

const QUERIES = [
  'water',
  'water school',
  'water OR prison',
  'water NOT school',
  'school NOT measures:water',
  '"clean water"',
  '"water programme"',
  '"programme clean"',
  'measures:water AND text:school',
  'measures:(water health)',
  '{text themes} : water',
  '- measures : law',
  'NEAR(clean water, 1)',
  'NEAR(programme water, 2)',
  'wat* NOT heal*',
  '^clean',
  'measures: ^girls',
  'justice AND (rural OR prison) NOT training',
  'programme',
];

const search = (q: string, extra: { state?: string; limit?: number; cursor?: string } = {}) =>
  log.models.searchRecommendations({ q, limit: 100, today: '2026-01-01', ...extra });
const expected = (q: string, state?: string) =>
  whole
    .prepare<[string], { id: string; state: string }>('SELECT id, state FROM whole WHERE whole MATCH ? ORDER BY id')
    .all(`{text measures mandates themes} : (${q})`)
    .filter((row) => state === undefined || row.state === state)
    .map((row) => row.id);
const sorted = (ids: string[]) => [...ids].sort();

t.test('each search finds the recommendations a document holding its measures would', async (t) => {
  for (const q of QUERIES) {
    const page = search(q);
    t.strictSame(sorted(page.items.map((item) => item.id)), expected(q), q);
    t.equal(page.facets!.total, expected(q).length, `${q}: the total`);
    const kaz = search(q, { state: 'KAZ' });
    t.strictSame(sorted(kaz.items.map((item) => item.id)), expected(q, 'KAZ'), `${q}, in KAZ`);
  }
  t.ok(expected('"programme clean"').length > 0, 'a phrase across two titles was found in the document whole');
});

t.test('found with a title: paged exactly once, in rank order, with a snippet marking the title', async (t) => {
  for (const q of ['water', 'water school', 'justice AND (rural OR prison) NOT training']) {
    const all = search(q).items;
    const scores = all.map((item) => item.match.score);
    t.strictSame(
      scores,
      [...scores].sort((a, b) => a - b),
      `${q}: best first`,
    );
    for (const item of all) t.match(item.match.snippet, /<mark>/, `${q}: ${item.id} has a snippet`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = search(q, { limit: 3, ...(cursor && { cursor }) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    t.strictSame(
      seen,
      all.map((item) => item.id),
      `${q}: every page`,
    );
  }
});

t.test('a word only a measure holds finds its recommendation, after those whose text holds it', async (t) => {
  const local = new Log();
  const issue = (paragraph: string, text: string) => issueToArmenia(local, paragraph, text);
  const inText = issue('1', 'Create an ombudsman office.');
  const inTitle = issue('2', 'Monitor places of detention.');
  issue('3', 'Train judges.');
  local.append(recommendationStream(inTitle), 'MeasureImplemented', {
    recommendationId: inTitle,
    title: 'Ombudsman visits <unannounced>',
    institution: 'Ombudsman',
    implementedOn: '2021-01-01',
    evidence: [],
    completes: false,
  });
  const found = local.models.searchRecommendations({ q: 'ombudsman', limit: 10, today: '2026-01-01' }).items;
  t.strictSame(
    found.map((item) => item.id),
    [inText, inTitle],
  );
  t.match(found[1]!.match.snippet, /<mark>Ombudsman<\/mark> visits &lt;unannounced&gt;/);
  const both = local.models.searchRecommendations({ q: 'detention ombudsman', limit: 10, today: '2026-01-01' });
  t.strictSame(
    both.items.map((item) => item.id),
    [inTitle],
    'one word in the text, the other in a title',
  );
  const not = local.models.searchRecommendations({ q: 'places NOT ombudsman', limit: 10, today: '2026-01-01' });
  t.strictSame(not.items, [], 'a word of a title excludes its recommendation');
});
