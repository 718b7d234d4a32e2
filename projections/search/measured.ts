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

/** What a search asks for, read from its text: its words, and those of each part it needs all of. */
export interface SearchedWords {
  /** Each word as a string FTS5 may match alone (prefixes kept), all joined by OR; '' when none. */
  words: string;
  /**
   * When the search needs every one of its top-level parts (a AND b, or a b), each part's words so joined: a
   * recommendation it finds holds a word of each. One part when it is not such a search.
   */
  parts: string[];
  /** It has a NOT: adding words to a document may remove it from the answer. */
  negated: boolean;
}

/**
 * The words of a search: no column names, operators or NEAR distances. Column filters are ignored (a word of `text:`
 * taken as one of any column only finds more recommendations to search again).
 */
export function searchedWords(q: string): SearchedWords {
  const parts: Set<string>[] = [new Set()];
  let negated = false;
  let conjunction = true;
  let braces = false;
  let depth = 0;
  let previous = '';
  // A top-level part just ended: what starts another one now is needed too (a b is a AND b).
  let ended = false;
  const nextChar = (from: number): string => q.slice(from).trimStart()[0] ?? '';
  const startPart = () => {
    if (depth === 0 && ended && parts.at(-1)!.size > 0) parts.push(new Set());
    ended = false;
  };
  for (let i = 0; i < q.length; ) {
    STRING.lastIndex = i;
    const found = STRING.exec(q);
    if (!found) {
      const char = q[i]!;
      i += 1;
      if (char.trim() === '') continue;
      if (char === '{') braces = true;
      else if (char === '}') braces = false;
      if (char === '(' || char === '{' || char === '^' || char === '-') startPart();
      if (char === '(') depth += 1;
      else if (char === ')') depth -= 1;
      ended = depth === 0 && (char === ')' || char === '*');
      previous = char;
      continue;
    }
    i = STRING.lastIndex;
    const quoted = found[1] !== undefined;
    const text = quoted ? found[1]!.replaceAll('""', '"') : found[2]!;
    const after = nextChar(i);
    const prefix = after === '*';
    const keyword = !quoted && (OPERATORS.has(text) || (text === 'NEAR' && after === '('));
    if (keyword && text === 'NOT') negated = true;
    if (keyword && text === 'OR' && depth === 0) conjunction = false;
    if (keyword && text === 'AND' && depth === 0 && parts.at(-1)!.size > 0) parts.push(new Set());
    if (keyword) {
      if (text === 'NEAR') startPart();
      ended = false;
      previous = 'w';
      continue;
    }
    if (!braces) startPart();
    // A column's name, one of a set of columns, a NEAR group's distance: not words.
    const notAWord = braces || after === ':' || (!quoted && previous === ',');
    previous = 'w';
    ended = depth === 0 && !braces && after !== ':' && after !== '+';
    if (notAWord) continue;
    const tokens = text.match(TOKEN) ?? [];
    tokens.forEach((token, n) => {
      parts.at(-1)!.add(`"${token}"${prefix && n === tokens.length - 1 ? '*' : ''}`);
    });
  }
  const joined = (words: Iterable<string>) => [...words].join(' OR ');
  const all = parts.flatMap((part) => [...part]);
  const kept = parts.filter((part) => part.size > 0);
  return {
    words: joined(new Set(all)),
    parts: conjunction && !negated && kept.length > 1 ? kept.map(joined) : [joined(new Set(all))],
    negated,
  };
}

const jsonOf = (docs: Iterable<number>): string => JSON.stringify([...docs]);

type Candidates = Statement<Record<string, string>[], number>;

export class MeasuredSearch {
  /** Without a NOT: those with a measure holding a word whose own row does not match; with one: all of them. */
  private readonly candidates: Map<string, Candidates> = new Map();
  private readonly matchingAmong: Statement<{ match: string; docs: string }, { doc: number; score: number }>;
  private readonly titlesAmong: Statement<{ words: string; docs: string }, { doc: number; score: number }>;
  private scratch: { fill: (docs: string) => void; match: Statement<[string], { doc: number }> } | undefined;
  private snippets: Statement<[string], { doc: number; snippet: string }> | undefined;

  // `+rowid`: the documents are a filter on the index's answer, not rowids FTS5 would search from, once each.
  constructor(private readonly db: Database) {
    this.matchingAmong = db.prepare(`
      SELECT rowid AS doc, rank AS score FROM search_index
      WHERE search_index MATCH :match AND +rowid IN (SELECT value FROM json_each(:docs))
    `);
    this.titlesAmong = db.prepare(`
      SELECT rowid >> ${MEASURE_ID_SHIFT} AS doc, min(rank) AS score FROM search_measures_index
      WHERE search_measures_index MATCH :words AND rowid >> ${MEASURE_ID_SHIFT} IN (SELECT value FROM json_each(:docs))
      GROUP BY doc
    `);
  }

  /**
   * The recommendations to search again whole: with a measure holding one of the words; holding a word of each part
   * the search needs, in their titles or their own row; kept by the filters; and unless the search has a NOT, not
   * already found by their own row.
   */
  private candidatesStatement(negated: boolean, filtered: boolean, parts: number): Candidates {
    const key = `${negated}${filtered}${parts}`;
    let statement = this.candidates.get(key);
    if (!statement) {
      const holding = (n: number) =>
        `(doc IN (SELECT rowid >> ${MEASURE_ID_SHIFT} FROM search_measures_index WHERE search_measures_index MATCH :part${n})
          OR doc IN (SELECT rowid FROM search_index WHERE search_index MATCH :partOwn${n}))`;
      const conditions = [
        ...(negated ? [] : ['doc NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH :match)']),
        ...(filtered ? ['doc IN (SELECT rowid FROM search_index WHERE search_index MATCH :facets)'] : []),
        ...(parts > 1 ? Array.from({ length: parts }, (_, n) => holding(n)) : []),
      ];
      statement = this.db
        .prepare<Record<string, string>[], number>(`
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
    const { words, parts, negated } = searchedWords(q);
    if (words === '') return undefined;
    const params: Record<string, string> = { words, match, facets: facets.join(' AND ') };
    if (parts.length > 1) {
      for (const [n, part] of parts.entries()) {
        params[`part${n}`] = part;
        params[`partOwn${n}`] = `{${SEARCHED_COLUMNS.join(' ')}} : (${part})`;
      }
    }
    const candidates = this.candidatesStatement(negated, facets.length > 0, parts.length).all(params);
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
