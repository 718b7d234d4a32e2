import type { Database, Statement } from 'better-sqlite3';
import { MEASURE_ID_SHIFT, SEARCHED_COLUMNS } from './tables.js';

/**
 * A search answered per recommendation, its measures' titles included, though they are indexed apart (tables.ts).
 *
 * Only a recommendation with a measure holding one of the search's words can be answered otherwise than by its own
 * row (every word is taken, whatever the operators: a phrase or NEAR group found in the titles starts with a word of
 * one of them). Usually there is none, and the search is the index's alone. Otherwise those are searched again whole,
 * their titles joined one a line as they were once kept in the document, in a scratch index of this connection (FTS5
 * again: the same tokenizer, columns and query), and the index's answer for them is replaced by that one: the same
 * recommendations are found as with the titles in the document. Adding words to a document only adds matches unless
 * the search has a NOT, so without one a recommendation its own row answers is left as the index found and scored it,
 * and only the others are searched again.
 *
 * Those found only with their titles are scored with the search's words alone (bm25 ignores the operators): the
 * better of their own row's score and their best-matching title's, a title weighing half the text as in the document.
 */
export interface Measured {
  /** How many recommendations were searched again whole: the search's bounds count them. */
  searched: number;
  /** JSON array of the documents searched again whole: the index's own answer leaves them out. */
  excluded: string;
  /** JSON array of [doc, score] of those found whole. */
  found: string;
}

/** A quoted string (`""` a quote in it), or a bare word as FTS5 reads one. */
const STRING = /"((?:[^"]|"")*)"?|([A-Za-z0-9_\u0080-\uffff]+)/y;
/** What the tokenizer (unicode61) keeps as a token's characters. */
const TOKEN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

/**
 * The words of a search, each a string FTS5 may match alone (prefixes kept), all joined by OR: no column names, no
 * operators, no NEAR distances. Whether the search has a NOT.
 */
export function searchedWords(q: string): { words: string; negated: boolean } {
  const words = new Set<string>();
  let negated = false;
  let braces = false;
  let previous = '';
  const nextChar = (from: number): string => q.slice(from).trimStart()[0] ?? '';
  for (let i = 0; i < q.length; ) {
    STRING.lastIndex = i;
    const found = STRING.exec(q);
    if (!found) {
      const char = q[i]!;
      if (char === '{') braces = true;
      else if (char === '}') braces = false;
      if (char.trim() !== '') previous = char;
      i += 1;
      continue;
    }
    i = STRING.lastIndex;
    const quoted = found[1] !== undefined;
    const text = quoted ? found[1]!.replaceAll('""', '"') : found[2]!;
    const after = nextChar(i);
    const prefix = after === '*';
    const keyword = !quoted && (OPERATORS.has(text) || (text === 'NEAR' && after === '('));
    if (keyword && text === 'NOT') negated = true;
    // A column's name, one of a set of columns, a NEAR group's distance: not words.
    const notAWord = keyword || braces || after === ':' || (!quoted && previous === ',');
    previous = 'w';
    if (notAWord) continue;
    const tokens = text.match(TOKEN) ?? [];
    tokens.forEach((token, n) => {
      words.add(`"${token}"${prefix && n === tokens.length - 1 ? '*' : ''}`);
    });
  }
  return { words: [...words].join(' OR '), negated };
}

const jsonOf = (docs: Iterable<number>): string => JSON.stringify([...docs]);

type Candidates = Statement<{ words: string; match: string; facets: string }, number>;

export class MeasuredSearch {
  /** Without a NOT: those with a measure holding a word whose own row does not match; with one: all of them. */
  private readonly candidates: Map<string, Candidates> = new Map();
  private readonly matchingAmong: Statement<{ match: string; docs: string }, { doc: number; score: number }>;
  private readonly titlesAmong: Statement<{ words: string; docs: string }, { doc: number; score: number }>;
  private scratch: { fill: (docs: string) => void; match: Statement<[string], { doc: number }> } | undefined;
  private snippets: Statement<[string], { doc: number; snippet: string }> | undefined;

  constructor(private readonly db: Database) {
    this.matchingAmong = db.prepare(`
      SELECT rowid AS doc, rank AS score FROM search_index
      WHERE search_index MATCH :match AND rowid IN (SELECT value FROM json_each(:docs))
    `);
    this.titlesAmong = db.prepare(`
      SELECT rowid >> ${MEASURE_ID_SHIFT} AS doc, min(rank) AS score FROM search_measures_index
      WHERE search_measures_index MATCH :words AND rowid >> ${MEASURE_ID_SHIFT} IN (SELECT value FROM json_each(:docs))
      GROUP BY doc
    `);
  }

  private candidatesStatement(negated: boolean, filtered: boolean): Candidates {
    const key = `${negated}${filtered}`;
    let statement = this.candidates.get(key);
    if (!statement) {
      const conditions = [
        ...(negated ? [] : ['doc NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH :match)']),
        ...(filtered ? ['doc IN (SELECT rowid FROM search_index WHERE search_index MATCH :facets)'] : []),
      ];
      statement = this.db
        .prepare<{ words: string; match: string; facets: string }, number>(`
          SELECT DISTINCT rowid >> ${MEASURE_ID_SHIFT} AS doc FROM search_measures_index
          WHERE search_measures_index MATCH :words ${conditions.map((condition) => `AND ${condition}`).join(' ')}
        `)
        .pluck();
      this.candidates.set(key, statement);
    }
    return statement;
  }

  /**
   * What the measures' titles change in a search (`match`: its words `q` in the searched columns, and the facet
   * conditions `facets`); undefined when nothing. More than `cap` recommendations to search again whole: none is,
   * and `searched` says how many.
   */
  search(q: string, match: string, facets: readonly string[], cap: number): Measured | undefined {
    const { words, negated } = searchedWords(q);
    if (words === '') return undefined;
    const candidates = this.candidatesStatement(negated, facets.length > 0).all({
      words,
      match,
      facets: facets.join(' AND '),
    });
    if (candidates.length === 0) return undefined;
    if (candidates.length > cap) return { searched: candidates.length, excluded: '[]', found: '[]' };
    const excluded = jsonOf(candidates);
    const whole = this.searchWhole(excluded, match);
    const found: [number, number][] = [];
    if (whole.length > 0) {
      const docs = jsonOf(whole);
      // With a NOT, a document its own row answers keeps the index's score.
      const own = new Map((negated ? this.matchingAmong.all({ match, docs }) : []).map((row) => [row.doc, row.score]));
      const ofWords = new Map(
        this.matchingAmong
          .all({ match: `{${SEARCHED_COLUMNS.join(' ')}} : (${words})`, docs })
          .map((row) => [row.doc, row.score]),
      );
      const ofTitles = new Map(this.titlesAmong.all({ words, docs }).map((row) => [row.doc, row.score]));
      for (const doc of whole) {
        found.push([doc, own.get(doc) ?? Math.min(ofWords.get(doc) ?? 0, ofTitles.get(doc) ?? 0)]);
      }
    }
    return { searched: candidates.length, excluded, found: JSON.stringify(found) };
  }

  /** Snippets of documents their own row does not answer, from their words whole, titles included. */
  snippetsWhole(docs: readonly number[], words: string, open: string, close: string): Map<number, string> {
    if (docs.length === 0) return new Map();
    const scratch = this.scratchIndex();
    scratch.fill(jsonOf(docs));
    this.snippets ??= this.db.prepare(`
      SELECT rowid AS doc, snippet(search_scratch, -1, '${open}', '${close}', '…', 24) AS snippet
      FROM temp.search_scratch WHERE search_scratch MATCH ?
    `);
    return new Map(this.snippets.all(words).map((row) => [row.doc, row.snippet]));
  }

  /** The documents among `docs` (JSON) that `match` finds with their measures' titles in them. */
  private searchWhole(docs: string, match: string): number[] {
    const scratch = this.scratchIndex();
    scratch.fill(docs);
    return scratch.match.all(match).map((row) => row.doc);
  }

  /**
   * The scratch index, made on first use in this connection's temporary schema (a read-only connection may write
   * there): the documents as they would be with their measures' titles, filled anew for each search.
   */
  private scratchIndex(): NonNullable<MeasuredSearch['scratch']> {
    if (this.scratch) return this.scratch;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS temp.search_scratch_rows (
        doc INTEGER PRIMARY KEY, text TEXT, measures TEXT, mandates TEXT, themes TEXT, facets TEXT
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_scratch USING fts5(
        text, measures, mandates, themes, facets,
        content = 'search_scratch_rows', content_rowid = 'doc', tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `);
    const empty = this.db.prepare('DELETE FROM temp.search_scratch_rows');
    const emptyIndex = this.db.prepare("INSERT INTO temp.search_scratch (search_scratch) VALUES ('delete-all')");
    const insert = this.db.prepare(`
      INSERT INTO temp.search_scratch_rows (doc, text, measures, mandates, themes, facets)
      SELECT d.doc, d.text, coalesce((
        SELECT group_concat(m.measures, char(10) ORDER BY m.id) FROM search_measures m
        WHERE m.id BETWEEN d.doc << ${MEASURE_ID_SHIFT} AND (d.doc << ${MEASURE_ID_SHIFT}) + ${2 ** MEASURE_ID_SHIFT - 1}
      ), ''), d.mandates, d.themes, d.facets
      FROM search_documents d WHERE d.doc IN (SELECT value FROM json_each(?))
    `);
    const index = this.db.prepare("INSERT INTO temp.search_scratch (search_scratch) VALUES ('rebuild')");
    const fill = (docs: string) => {
      empty.run();
      emptyIndex.run();
      insert.run(docs);
      index.run();
    };
    const match = this.db.prepare<[string], { doc: number }>(
      'SELECT rowid AS doc FROM temp.search_scratch WHERE search_scratch MATCH ?',
    );
    this.scratch = { fill, match };
    return this.scratch;
  }
}
