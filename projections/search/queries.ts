import type { Database, Statement } from 'better-sqlite3';
import escapeHtml from 'escape-html';
import { decodeSearchCursor, encodeSearchCursor } from '../cursor.js';
import { itemsWithin } from '../page-bytes.js';
import type { PositionQueries } from '../position.js';
import { filterSql, type RecommendationFilter } from '../recommendations/queries.js';
import { type RecommendationRow, VIEW_OF_ROW } from '../recommendations/rows.js';
import { type RecommendationView, recommendationView } from '../recommendations/view.js';
import { facetToken } from './facet-tokens.js';
import { type Measured, MeasuredSearch } from './measured.js';
import { balanced, searchedWords, searching, tooBroad } from './query-checks.js';
import { SEARCHED_COLUMNS } from './tables.js';

/** `GET /v1/recommendations?q=`: the words searched, with every filter of the list. */
export interface SearchFilter extends RecommendationFilter {
  /** An FTS5 query: words (stemmed, any case, accents ignored), "phrases", prefix*, AND, OR, NOT, NEAR(), (). */
  q: string;
}

/** One recommendation found, with how well it matched and where. */
export interface SearchHit extends RecommendationView {
  match: {
    /** bm25: lower is better (FTS5 gives it negative); the order of the answer. */
    score: number;
    /** A few words around the best match, HTML-escaped, the words matched in `<mark>…</mark>`. */
    snippet: string;
  };
}

export interface Facet {
  value: string;
  count: number;
}

/** How many recommendations found, by each value of these fields: most first, then by value. */
export interface SearchFacets {
  /** Every recommendation found (every page), the filters applied. */
  total: number;
  /** The best-ranked hits the counts below are over: `total`, or `FACET_HITS` when more were found. */
  counted: number;
  mechanism: Facet[];
  state: Facet[];
  theme: Facet[];
  year: Facet[];
}

export interface SearchPage {
  items: SearchHit[];
  next: string | null;
  /** On the first page (no cursor); null on the pages after it. */
  facets: SearchFacets | null;
}

/** The bounds of one search's work (docs/api.md, "Search"); the defaults are the service's. */
export interface SearchBounds {
  /** More hits than this (before the filters a row must be read for): the query is refused as too broad. */
  maxMatches: number;
  /** The facets count at most this many hits, the best ranked. */
  facetHits: number;
  /** Ranked hits kept per search: the pages within them are served without ranking again. */
  keptHits: number;
}

export const SEARCH_BOUNDS: SearchBounds = { maxMatches: 100_000, facetHits: 1_000, keptHits: 1_000 };
/** Searches kept per process, the least recently used dropped first; all forgotten when a recommendation changes. */
const KEPT_SEARCHES = 256;

/** Marks around the words matched (private-use characters): the snippet is escaped, then they become tags. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

interface RankedHit {
  doc: number;
  score: number;
}

/** What one search found, at one position of the log: its best hits in order, its total, its facets once counted. */
interface Found {
  hits: RankedHit[];
  /** Every hit is in `hits` (none was left beyond `keptHits`). */
  whole: boolean;
  total: number;
  facets?: SearchFacets;
  /** What its measures' titles change in it, when anything. */
  measured?: Measured;
}

/** The filters the index answers itself, as FTS5 conditions on its facets column. */
function facetConditions(filter: SearchFilter): string[] {
  const conditions: string[] = [];
  if (filter.state !== undefined) conditions.push(facetToken('state', filter.state));
  if (filter.mechanism !== undefined) conditions.push(facetToken('mechanism', filter.mechanism));
  if (filter.theme !== undefined) conditions.push(facetToken('theme', filter.theme));
  if (filter.yearFrom !== undefined || filter.yearTo !== undefined) {
    const years: string[] = [];
    for (let year = filter.yearFrom ?? 1945; year <= (filter.yearTo ?? 2100); year++)
      years.push(facetToken('year', String(year).padStart(4, '0')));
    conditions.push(years.length > 0 ? `(${years.join(' OR ')})` : facetToken('year', 'none'));
  }
  return conditions.map((condition) => `facets : ${condition}`);
}

/** The filters a hit's recommendation row is read for: every filter of the list but the index's own. */
function rowFilter(filter: SearchFilter): Omit<RecommendationFilter, 'limit' | 'cursor'> {
  const { state: _s, mechanism: _m, theme: _t, yearFrom: _f, yearTo: _y, limit: _l, cursor: _c, ...rest } = filter;
  return rest;
}

/** The full-text search over one database: ranked pages, snippets and facet counts, within SEARCH_BOUNDS. */
export class SearchQueries {
  private readonly ranked = new Map<string, Statement<Record<string, unknown>[], RankedHit>>();
  private readonly counted = new Map<string, Statement<Record<string, unknown>[], { n: number }>>();
  private readonly found = new Map<string, Found>();
  private foundAt = '';
  private readonly countMatches: Statement<{ match: string; cap: number }, { n: number }>;
  private readonly selectRows: Statement<[string], RecommendationRow & { doc: number }>;
  private readonly selectFacets: Statement<
    [string],
    { state: string; mechanism: string; year: string; themes: string }
  >;
  private readonly selectSnippets: Statement<[{ q: string; docs: string }], { doc: number; snippet: string }>;
  private readonly schemaVersion: Statement<[], unknown>;
  private readonly measured: MeasuredSearch;

  constructor(
    private readonly db: Database,
    /** The position from which every recommendation and its words searched have been what they are. */
    private readonly position: Pick<PositionQueries, 'currentPosition'>,
    private readonly bounds: SearchBounds = SEARCH_BOUNDS,
  ) {
    this.countMatches = db.prepare(
      'SELECT count(*) AS n FROM (SELECT 1 FROM search_index WHERE search_index MATCH :match LIMIT :cap)',
    );
    this.selectRows = db.prepare(`
      SELECT d.rowid AS doc, r.*, ${VIEW_OF_ROW} FROM search_documents d JOIN recommendations r ON r.id = d.recommendation_id
      WHERE d.rowid IN (SELECT value FROM json_each(?))
    `);
    this.selectFacets = db.prepare(
      'SELECT state, mechanism, year, themes FROM search_documents WHERE rowid IN (SELECT value FROM json_each(?))',
    );
    this.selectSnippets = db.prepare(`
      SELECT rowid AS doc, snippet(search_index, -1, '${OPEN}', '${CLOSE}', '…', 24) AS snippet FROM search_index
      WHERE search_index MATCH :q AND rowid IN (SELECT value FROM json_each(:docs))
    `);
    this.schemaVersion = db.prepare('PRAGMA schema_version').pluck();
    this.measured = new MeasuredSearch(db);
  }

  /** One page of the recommendations matching `q` and the filters, best first; the first page has the facets. */
  search(filter: SearchFilter): SearchPage {
    const q = searchedWords(filter.q);
    return searching(q, () => {
      // A query that does not parse alone is refused with FTS5's own words.
      if (!balanced(q)) this.countMatches.get({ match: q, cap: 1 });
      const words = `{${SEARCHED_COLUMNS.join(' ')}} : (${q})`;
      const conditions = facetConditions(filter);
      const match = [`(${words})`, ...conditions].join(' AND ');
      const rows = filterSql(rowFilter(filter));
      const after = filter.cursor === undefined ? undefined : decodeSearchCursor(filter.cursor);
      const found = this.find(match, rows, () => this.measured.search(q, match, conditions, this.bounds.maxMatches));
      if (!after && !found.facets) found.facets = this.countFacets(found, match, rows);
      const { shown, more } = this.page(found, match, rows, after, filter.limit);
      const hits = this.hits(words, shown, filter.today, filter.languages ?? []);
      const facets = after ? null : (found.facets ?? null);
      const served = itemsWithin(hits, filter.pageBytes, facets ?? undefined);
      const last = shown[served - 1];
      return {
        items: hits.slice(0, served),
        next: (more || served < shown.length) && last ? encodeSearchCursor(last.score, last.doc) : null,
        facets,
      };
    });
  }

  /**
   * The search's best hits and total as the recommendations stand (events about anything else leave them): kept from
   * an earlier ask, or ranked now.
   */
  private find(match: string, rows: ReturnType<typeof filterSql>, measure: () => Measured | undefined): Found {
    const at = `${this.position.currentPosition()}.${this.schemaVersion.get()}`;
    if (at !== this.foundAt) {
      this.found.clear();
      this.foundAt = at;
    }
    const key = `${match}\u0000${rows.shape}\u0000${JSON.stringify(rows.params)}`;
    const known = this.found.get(key);
    if (known) {
      this.found.delete(key);
      this.found.set(key, known);
      return known;
    }
    // Bounded before anything is ranked or read: counting the index's hits reads its lists only.
    const measured = measure();
    const cap = this.bounds.maxMatches + 1;
    const matches = measured
      ? this.countStatement(NO_ROWS, measured).get({ ...measuredParams(measured), match, cap })!.n
      : this.countMatches.get({ match, cap })!.n;
    if (matches > this.bounds.maxMatches || (measured?.searched ?? 0) > this.bounds.maxMatches)
      throw tooBroad(this.bounds.maxMatches);
    const params = { ...rows.params, ...measuredParams(measured), match };
    const total = rows.where === '' ? matches : this.countStatement(rows, measured).get({ ...params, cap })!.n;
    const hits =
      total === 0
        ? []
        : this.rankedStatement(rows, false, measured).all({ ...params, limit: Math.min(this.bounds.keptHits, total) });
    const found: Found = { hits, whole: hits.length === total, total, ...(measured && { measured }) };
    this.found.set(key, found);
    if (this.found.size > KEPT_SEARCHES) this.found.delete(this.found.keys().next().value!);
    return found;
  }

  /** The hits after the cursor: from those kept, or ranked again past them. */
  private page(
    found: Found,
    match: string,
    rows: ReturnType<typeof filterSql>,
    after: RankedHit | undefined,
    limit: number,
  ): { shown: RankedHit[]; more: boolean } {
    const start = after ? found.hits.findIndex((hit) => follows(hit, after)) : 0;
    const kept = start < 0 ? [] : found.hits.slice(start, start + limit + 1);
    let next = kept;
    if (kept.length <= limit && !found.whole) {
      // Past the hits kept: ranked again from the last one known.
      const from = kept.at(-1) ?? after;
      const beyond = this.rankedStatement(rows, from !== undefined, found.measured).all({
        ...rows.params,
        ...measuredParams(found.measured),
        match,
        limit: limit + 1 - kept.length,
        ...(from && { afterScore: from.score, afterDoc: from.doc }),
      });
      next = [...kept, ...beyond];
    }
    return { shown: next.slice(0, limit), more: next.length > limit };
  }

  private hits(words: string, shown: readonly RankedHit[], today: string, languages: readonly string[]): SearchHit[] {
    if (shown.length === 0) return [];
    const docs = JSON.stringify(shown.map((hit) => hit.doc));
    const rows = new Map(this.selectRows.all(docs).map((row) => [row.doc, row]));
    const snippets = new Map(this.selectSnippets.all({ q: words, docs }).map((row) => [row.doc, row.snippet]));
    // Found with their measures' titles: the snippet is taken from their words whole.
    const whole = shown.filter((hit) => !snippets.has(hit.doc)).map((hit) => hit.doc);
    for (const [doc, snippet] of this.measured.snippetsWhole(whole, words, OPEN, CLOSE)) snippets.set(doc, snippet);
    // Each hit's document names a recommendation the same transaction wrote: one item a hit.
    return shown.map((hit) => ({
      ...recommendationView(rows.get(hit.doc)!, today, languages),
      match: { score: hit.score, snippet: highlighted(snippets.get(hit.doc) ?? '') },
    }));
  }

  /** The facets of the best-ranked hits (every hit, up to `facetHits`), from their documents' own fields. */
  private countFacets(found: Found, match: string, rows: ReturnType<typeof filterSql>): SearchFacets {
    const { total } = found;
    const facets: SearchFacets = { total, counted: 0, mechanism: [], state: [], theme: [], year: [] };
    if (total === 0) return facets;
    const counted = Math.min(total, this.bounds.facetHits);
    // The hits kept are the best ranked: counted from them when they are enough, else ranked again.
    const best =
      found.hits.length >= counted
        ? found.hits.slice(0, counted)
        : this.rankedStatement(rows, false, found.measured).all({
            ...rows.params,
            ...measuredParams(found.measured),
            match,
            limit: counted,
          });
    const docs = best.map((hit) => hit.doc);
    const mechanism = new Map<string, number>();
    const state = new Map<string, number>();
    const theme = new Map<string, number>();
    const year = new Map<string, number>();
    const add = (counts: Map<string, number>, value: string) => counts.set(value, (counts.get(value) ?? 0) + 1);
    for (const document of this.selectFacets.iterate(JSON.stringify(docs))) {
      facets.counted += 1;
      add(mechanism, document.mechanism);
      add(state, document.state);
      add(year, document.year);
      for (const value of new Set(document.themes.split('\n'))) if (value !== '') add(theme, value);
    }
    const sorted = (counts: Map<string, number>): Facet[] =>
      [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return {
      ...facets,
      mechanism: sorted(mechanism),
      state: sorted(state),
      theme: sorted(theme),
      year: sorted(year),
    };
  }

  /** The hits in rank order (ties by document), after a hit when `paged`; rows read only for the row filters. */
  private rankedStatement(
    rows: ReturnType<typeof filterSql>,
    paged: boolean,
    measured: Measured | undefined,
  ): Statement<Record<string, unknown>[], RankedHit> {
    const key = `${rows.shape}\u0000${paged}\u0000${measured !== undefined}`;
    let statement = this.ranked.get(key);
    if (!statement) {
      const hits = hitsOf(rows, measured);
      const { doc, score } = hits;
      const cursor = `(${score} > :afterScore OR (${score} = :afterScore AND ${doc} > :afterDoc))`;
      statement = this.db.prepare(
        `SELECT ${doc} AS doc, ${score} AS score FROM ${hits.source} ${where(hits.where, paged ? [cursor] : [])}
        ORDER BY ${score}, ${doc} LIMIT :limit`,
      );
      this.ranked.set(key, statement);
    }
    return statement;
  }

  /** The hits' count, up to `:cap`. */
  private countStatement(
    rows: ReturnType<typeof filterSql>,
    measured: Measured | undefined,
  ): Statement<Record<string, unknown>[], { n: number }> {
    const key = `${rows.shape}\u0000${measured !== undefined}`;
    let statement = this.counted.get(key);
    if (!statement) {
      const hits = hitsOf(rows, measured);
      statement = this.db.prepare(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${hits.source} ${where(hits.where, [])} LIMIT :cap)`,
      );
      this.counted.set(key, statement);
    }
    return statement;
  }
}

/** No row filter. */
const NO_ROWS: ReturnType<typeof filterSql> = { where: '', params: {}, shape: '' } as ReturnType<typeof filterSql>;

/** The parameters a search with measures found whole binds. */
const measuredParams = (measured: Measured | undefined) =>
  measured ? { excluded: measured.excluded, found: measured.found } : {};

/**
 * Where the hits come from, with their document and score: the index alone, or with the documents found whole with
 * their measures' titles (measured.ts) in place of the index's own answer for them; joined to the recommendations
 * when a row filter asks for their rows.
 */
function hitsOf(rows: ReturnType<typeof filterSql>, measured: Measured | undefined) {
  const hits = measured
    ? {
        source: `(
          SELECT rowid AS doc, rank AS score FROM search_index
          WHERE search_index MATCH :match AND rowid NOT IN (SELECT value FROM json_each(:excluded))
          UNION ALL SELECT value ->> 0, value ->> 1 FROM json_each(:found)
        ) s`,
        doc: 's.doc',
        score: 's.score',
        match: [],
      }
    : { source: 'search_index s', doc: 's.rowid', score: 's.rank', match: ['search_index MATCH :match'] };
  const joined =
    rows.where === ''
      ? hits.source
      : `${hits.source} JOIN search_documents d ON d.rowid = ${hits.doc} JOIN recommendations r ON r.id = d.recommendation_id`;
  return { ...hits, source: joined, where: [rows.where.replace(/^WHERE /, ''), ...hits.match] };
}

/** A WHERE clause of the conditions given, none when there are none. */
function where(conditions: readonly string[], more: readonly string[]): string {
  const all = [...conditions, ...more].filter((condition) => condition !== '');
  return all.length === 0 ? '' : `WHERE ${all.join(' AND ')}`;
}

/** Whether a hit comes after another in rank order. */
const follows = (hit: RankedHit, after: RankedHit): boolean =>
  hit.score > after.score || (hit.score === after.score && hit.doc > after.doc);

/** The snippet HTML-escaped, its matched words in <mark>. */
function highlighted(snippet: string): string {
  return escapeHtml(snippet).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}
