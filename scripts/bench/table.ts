/** The bench's one table: each figure, what it is compared with, the ratio, the goal and whether it is met. */

export interface Row {
  id: string;
  figure: string;
  value: number;
  unit: string;
  /** The ceiling or peer measured in the same run, if the goal is a ratio. */
  against?: { name: string; value: number; unit: string };
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

/** A figure judged as a ratio to a ceiling or peer: met when value / against ≥ minimum. */
export function ratioRow(
  id: string,
  figure: string,
  value: number,
  unit: string,
  against: { name: string; value: number; unit: string },
  minimum: number,
  note?: string,
): Row {
  const ratio = against.value > 0 ? value / against.value : Number.POSITIVE_INFINITY;
  const goal = minimum >= 1 ? `≥ ${minimum}×` : `≥ ${Math.round(minimum * 100)}%`;
  return { id, figure, value, unit, against, ratio, goal, met: ratio >= minimum, ...(note ? { note } : {}) };
}

/** A figure judged against an absolute bound: met when value ≤ maximum. */
export function boundRow(id: string, figure: string, value: number, unit: string, maximum: number, note?: string): Row {
  return { id, figure, value, unit, goal: `≤ ${maximum} ${unit}`, met: value <= maximum, ...(note ? { note } : {}) };
}

/** A reference figure (a ceiling or the peer): no goal. */
export function referenceRow(id: string, figure: string, value: number, unit: string, note?: string): Row {
  return { id, figure, value, unit, ...(note ? { note } : {}) };
}

const number = (value: number): string =>
  !Number.isFinite(value)
    ? '∞'
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString('en')
      : value.toLocaleString('en', { maximumFractionDigits: 2 });

const ratioText = (ratio: number): string =>
  !Number.isFinite(ratio) ? '∞' : ratio >= 1 ? `${number(ratio)}×` : `${(ratio * 100).toFixed(1)}%`;

/** The table as Markdown: readable in a terminal and pasteable into docs/performance.md. */
export function formatTable(rows: Row[]): string {
  const lines = ['| id | figure | value | ceiling or peer | ratio | goal | met? |', '|---|---|--:|---|--:|---|---|'];
  for (const row of rows) {
    const against = row.against ? `${row.against.name}: ${number(row.against.value)} ${row.against.unit}` : '';
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
    const figure = row.note ? `${row.figure} (${row.note})` : row.figure;
    lines.push(
      `| ${row.id} | ${figure} | ${number(row.value)} ${row.unit} | ${against} | ${row.ratio === undefined ? '' : ratioText(row.ratio)} | ${row.goal ?? ''} | ${met} |`,
    );
  }
  return lines.join('\n');
}
