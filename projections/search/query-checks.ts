/** The checks a search's `q` passes: every way a query is refused is the caller's (400), never a service failure. */
import { InvalidInput } from '../../src/domain/errors.js';

/** The words searched, trimmed; none is refused. */
export function searchedWords(q: string): string {
  const words = q.trim();
  if (words === '') throw new InvalidInput('q is empty', [{ path: 'q', message: 'give at least one word' }]);
  return words;
}

/** A query FTS5 refuses is the caller's: a 400 naming what is wrong, never a failure of the service. */
export function searching<T>(q: string, run: () => T): T {
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

/**
 * Whether the query's parentheses close within it, strings aside: only then may it be put inside others (a query
 * such as `a) OR (b` would otherwise escape the columns and filters set around it).
 */
export function balanced(q: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const char of q) {
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(') depth += 1;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0 && !quoted;
}

/** A query matching more than `maxMatches` recommendations: refused before anything is ranked or read. */
export function tooBroad(maxMatches: number): InvalidInput {
  return new InvalidInput(
    `q is too broad: it matches more than ${maxMatches.toLocaleString('en')} recommendations; add words or filters (state, mechanism, theme, yearFrom, yearTo)`,
    [{ path: 'q', message: `matches more than ${maxMatches} recommendations` }],
  );
}
