import { commitmentOf, MECHANISMS, UPR_POSITIONS } from '../../src/domain/vocabulary.js';

/** What commitmentOf is asked: a mechanism, and the State's UPR position (undefined when none). */
type Asked = Parameters<typeof commitmentOf>;
/** An answer the SQL gives for a mechanism and a position: a commitment, or 1 and 0. */
type Answer = string | number;

const literal = (answer: Answer): string =>
  typeof answer === 'number' ? String(answer) : `'${answer.replaceAll("'", "''")}'`;

/** `column` among `values`: `= 'a'` for one, `IN ('a', 'b')` for more. */
const among = (column: string, values: readonly string[]): string =>
  values.length === 1 ? `${column} = ${literal(values[0]!)}` : `${column} IN (${values.map(literal).join(', ')})`;

/** The values grouped by the answer each gives, in the order the answers first come. */
function grouped<T extends string>(values: readonly T[], answer: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = answer(value);
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  return groups;
}

/**
 * The SQL of `answer` for one mechanism over the position `position` holds: the answer with no position where every
 * position gives it, else a CASE naming the positions that answer otherwise, grouped by answer. Any value that is no
 * position (NULL, 'pending') falls to the ELSE: the answer with no position.
 */
function byPosition(answer: (position: Asked[1]) => Answer, position: string): string {
  const none = literal(answer(undefined));
  const other = [...grouped(UPR_POSITIONS, (p) => literal(answer(p)))].filter(([sql]) => sql !== none);
  if (other.length === 0) return none;
  return `(CASE ${other.map(([sql, positions]) => `WHEN ${among(position, positions)} THEN ${sql}`).join(' ')} ELSE ${none} END)`;
}

/**
 * The SQL expression answering as `answer` does for the mechanism and the position two SQL expressions hold, built
 * by asking it of every mechanism and position: the mechanisms grouped by their answers, the largest group the ELSE,
 * so that a row meets one comparison for each other group and then its own position's.
 */
function caseOf(answer: (...asked: Asked) => Answer) {
  return (mechanism: string, position: string): string => {
    const groups = [...grouped(MECHANISMS, (m) => byPosition((p) => answer(m, p), position))];
    // Stable: among groups as large, the one whose first mechanism comes first in MECHANISMS is the ELSE.
    const [otherwise, ...rest] = groups.sort(([, a], [, b]) => b.length - a.length);
    if (rest.length === 0) return otherwise![0];
    const whens = rest.map(([sql, mechanisms]) => `WHEN ${among(mechanism, mechanisms)} THEN ${sql}`).join(' ');
    return `(CASE ${whens} ELSE ${otherwise![0]} END)`;
  };
}

/**
 * The commitment (commitmentOf) of a row whose mechanism and UPR position (or NULL, or 'pending', when none) the two
 * SQL expressions hold: derived from the domain's rule, so that the SQL changes when it does.
 */
export const COMMITMENT_OF = caseOf(commitmentOf);

/** 1 when the row's recommendation is `accepted` (COMMITMENT_OF), else 0: what `state_counts` keeps. */
export const ACCEPTED_OF = caseOf((mechanism, position) => (commitmentOf(mechanism, position) === 'accepted' ? 1 : 0));
