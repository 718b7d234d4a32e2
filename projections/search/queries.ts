import type { Database, Statement } from 'better-sqlite3';
import escapeHtml from 'escape-html';
import { InvalidInput } from '../../src/domain/errors.js';
import { itemsWithin } from '../page-bytes.js';
import { filterSql, type RecommendationFilter } from '../recommendations/queries.js';
import { type RecommendationRow, VIEW_OF_ROW } from '../recommendations/tables.js';
import { type RecommendationView, recommendationView } from '../recommendations/view.js';

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
  total: number;
  mechanism: Facet[];
  state: Facet[];
  theme: Facet[];
  year: Facet[];
}

export interface SearchPage {
  items: SearchHit[];
  next: string | null;
  /** Counted over every recommendation found (every page), the filters applied. */
  facets: SearchFacets;
}

/** Marks around the words matched (private-use characters): the snippet is escaped, then they become tags. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Each match joined to its recommendation, filtered: what a page and the facets both read. */
const MATCHED = `search_index s JOIN search_documents d ON d.rowid = s.rowid
  JOIN recommendations r ON r.id = d.recommendation_id`;

const FACETS = (where: string) => `
  WITH hits AS MATERIALIZED (
    SELECT r.mechanism, r.state, substr(r.issued_on, 1, 4) AS year, r.themes FROM ${MATCHED}
    ${where}
  )
  SELECT 'total' AS facet, '' AS value, count(*) AS count FROM hits
  UNION ALL SELECT 'mechanism', mechanism, count(*) FROM hits GROUP BY mechanism
  UNION ALL SELECT 'state', state, count(*) FROM hits GROUP BY state
  UNION ALL SELECT 'year', year, count(*) FROM hits GROUP BY year
  UNION ALL SELECT 'theme', t.value, count(*) FROM hits, json_each(hits.themes) t GROUP BY t.value
`;

interface PageRow {
  id: string;
  doc: number;
  score: number;
}

/** A search cursor: base64url of the JSON [score, id] of the last hit served. */
const encodeSearchCursor = (score: number, id: string): string =>
  Buffer.from(JSON.stringify([score, id]), 'utf8').toString('base64url');

function decodeSearchCursor(cursor: string): { score: number; id: string } {
  const invalid = () =>
    new InvalidInput('invalid cursor', [{ path: 'cursor', message: 'is not a cursor this search gave' }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'string')
    throw invalid();
  if (encodeSearchCursor(value[0], value[1]) !== cursor) throw invalid();
  return { score: value[0], id: value[1] };
}

/** A query FTS5 refuses is the caller's: a 400 naming what is wrong, never a failure of the service. */
function searching<T>(q: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && (error as { code?: string }).code === 'SQLITE_ERROR') {
      const problem = error.message.replace(/^fts5: /, '');
      throw new InvalidInput(`q is not a search this service understands: ${problem}`, [
        { path: 'q', message: `${problem} (in ${JSON.stringify(q)})` },
      ]);
    }
    throw error;
  }
}

/** The full-text search over one database: ranked pages, snippets and facet counts. */
export class SearchQueries {
  private readonly pages = new Map<string, Statement<Record<string, unknown>[], PageRow>>();
  private readonly facets = new Map<string, Statement<Record<string, unknown>[], Facet & { facet: string }>>();
  private readonly selectRows: Statement<[string], RecommendationRow>;
  private readonly selectSnippets: Statement<[{ q: string; docs: string }], { doc: number; snippet: string }>;

  constructor(private readonly db: Database) {
    this.selectRows = db.prepare(
      `SELECT r.*, ${VIEW_OF_ROW} FROM recommendations r WHERE r.id IN (SELECT value FROM json_each(?))`,
    );
    this.selectSnippets = db.prepare(`
      SELECT rowid AS doc, snippet(search_index, -1, '${OPEN}', '${CLOSE}', '…', 24) AS snippet FROM search_index
      WHERE search_index MATCH :q AND rowid IN (SELECT value FROM json_each(:docs))
    `);
  }

  /** One page of the recommendations matching `q` and the filters, best first, with the facets of them all. */
  search(filter: SearchFilter): SearchPage {
    const q = filter.q.trim();
    if (q === '') throw new InvalidInput('q is empty', [{ path: 'q', message: 'give at least one word' }]);
    return searching(q, () => {
      const matching = ['search_index MATCH :q'];
      const after = filter.cursor === undefined ? undefined : decodeSearchCursor(filter.cursor);
      const paged = after
        ? [...matching, '(s.rank > :afterScore OR (s.rank = :afterScore AND r.id > :afterId))']
        : matching;
      const page = filterSql(filter, paged);
      Object.assign(
        page.params,
        { q, limit: filter.limit + 1 },
        after && { afterScore: after.score, afterId: after.id },
      );
      const rows = this.pageStatement(page.shape, page.where).all(page.params);
      const hits = this.hits(q, rows.slice(0, filter.limit), filter.today, filter.languages ?? []);
      const facets = this.countFacets(filter, q, matching);
      const served = itemsWithin(hits, filter.pageBytes, facets);
      const last = rows[served - 1];
      return {
        items: hits.slice(0, served),
        next: rows.length > served && last ? encodeSearchCursor(last.score, last.id) : null,
        facets,
      };
    });
  }

  private hits(q: string, shown: readonly PageRow[], today: string, languages: readonly string[]): SearchHit[] {
    if (shown.length === 0) return [];
    const rows = new Map(this.selectRows.all(JSON.stringify(shown.map((row) => row.id))).map((row) => [row.id, row]));
    const snippets = new Map(
      this.selectSnippets.all({ q, docs: JSON.stringify(shown.map((row) => row.doc)) }).map((row) => [row.doc, row]),
    );
    return shown.map((row) => ({
      ...recommendationView(rows.get(row.id)!, today, languages),
      match: { score: row.score, snippet: highlighted(snippets.get(row.doc)?.snippet ?? '') },
    }));
  }

  private countFacets(filter: SearchFilter, q: string, matching: readonly string[]): SearchFacets {
    const { shape, where, params } = filterSql(filter, matching);
    let statement = this.facets.get(shape);
    if (!statement) {
      statement = this.db.prepare(FACETS(where));
      this.facets.set(shape, statement);
    }
    const facets: SearchFacets = { total: 0, mechanism: [], state: [], theme: [], year: [] };
    for (const { facet, value, count } of statement.all({ ...params, q })) {
      if (facet === 'total') facets.total = count;
      else facets[facet as Exclude<keyof SearchFacets, 'total'>].push({ value, count });
    }
    for (const list of [facets.mechanism, facets.state, facets.theme, facets.year]) {
      list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
    return facets;
  }

  private pageStatement(shape: string, where: string): Statement<Record<string, unknown>[], PageRow> {
    let statement = this.pages.get(shape);
    if (!statement) {
      // s.rank is the bm25 score with the columns' weights set on the table (migrateSearch): ORDER BY it is FTS5's fast path.
      statement = this.db.prepare(
        `SELECT r.id, s.rowid AS doc, s.rank AS score FROM ${MATCHED} ${where} ORDER BY s.rank, r.id LIMIT :limit`,
      );
      this.pages.set(shape, statement);
    }
    return statement;
  }
}

/** The snippet HTML-escaped, its matched words in <mark>. */
function highlighted(snippet: string): string {
  return escapeHtml(snippet).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}
