/** Rows grouped by a key (a child table's rows by their parent's id), each group in the order the rows came. */
export function groupedBy<R>(rows: Iterable<R>, keyOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
