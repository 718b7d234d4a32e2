/** Charts as small SVGs inside real tables: the table is the text alternative, the bar is the picture. */
import type { ImplementationStatus } from '../../src/domain/vocabulary.js';
import { h, s } from './dom.js';
import { formatCount } from './format.js';
import { t } from './i18n.js';
import { STATUS_NAMES, STATUSES } from './labels.js';

export type ByStatus = Record<ImplementationStatus, number>;

/** The narrowest a count above zero is drawn, in hundredths of the bar: a count of 1 among hundreds stays visible. */
const MIN_WIDTH = 3;

/**
 * Widths summing to 100 for these counts: proportional, except that a count above zero gets at least MIN_WIDTH,
 * taken from the wider ones in proportion to their counts.
 */
export function segmentWidths(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return counts.map(() => 0);
  const small = counts.map((c) => c > 0 && (100 * c) / total < MIN_WIDTH);
  const reserved = small.filter(Boolean).length * MIN_WIDTH;
  const rest = counts.reduce((sum, c, i) => (small[i] ? sum : sum + c), 0);
  return counts.map((c, i) => (small[i] ? MIN_WIDTH : rest === 0 ? 0 : ((100 - reserved) * c) / rest));
}

/** One bar split by implementation status; its label reads the numbers out. */
export function statusBar(byStatus: ByStatus, label = ''): SVGSVGElement {
  const total = STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  const words = STATUSES.map((status) => `${STATUS_NAMES[status]}: ${formatCount(byStatus[status])}`).join(', ');
  const svg = s('svg', {
    class: 'bar',
    viewBox: '0 0 100 10',
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `${label ? `${label}: ` : ''}${total === 0 ? t.chart.noRecommendations : words}`,
  });
  if (total === 0) {
    svg.appendChild(s('rect', { class: 'empty', x: 0, y: 0, width: 100, height: 10 }));
    return svg;
  }
  let x = 0;
  const widths = segmentWidths(STATUSES.map((status) => byStatus[status]));
  for (const [index, status] of STATUSES.entries()) {
    const width = widths[index] ?? 0;
    if (width === 0) continue;
    svg.appendChild(s('rect', { class: `seg ${status}`, x, y: 0, width, height: 10 }, s('title', {}, words)));
    x += width;
  }
  return svg;
}

/** A single bar for a count against the largest count shown beside it. */
export function countBar(value: number, max: number, label: string): SVGSVGElement {
  return s(
    'svg',
    {
      class: 'bar count',
      viewBox: '0 0 100 10',
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': `${label}: ${formatCount(value)}`,
    },
    s('rect', { class: 'empty', x: 0, y: 0, width: 100, height: 10 }),
    max > 0 && value > 0
      ? s('rect', { class: 'fill', x: 0, y: 0, width: Math.max(MIN_WIDTH, (100 * value) / max), height: 10 })
      : null,
  );
}

/** A table of counts with a bar per row: a bar chart readable as a table. */
export function countTable(
  caption: string,
  heading: string,
  rows: readonly { key: string; label: string; value: number }[],
): HTMLTableElement {
  const max = Math.max(0, ...rows.map((row) => row.value));
  return h(
    'table',
    { class: 'counts' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, heading),
        h('th', { scope: 'col', class: 'num' }, t.chart.count),
        h('th', { scope: 'col', class: 'chart-col' }, h('span', { class: 'visually-hidden' }, t.chart.chart)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label),
          h('td', { class: 'num', 'data-metric': row.key, 'data-value': row.value }, formatCount(row.value)),
          h('td', { class: 'chart-col' }, countBar(row.value, max, row.label)),
        ),
      ),
    ),
  );
}

/** The key to the status colours, also saying what each colour means in words. */
export function statusLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': t.chart.legend },
    STATUSES.map((status) =>
      h('li', {}, h('span', { class: `swatch ${status}`, 'aria-hidden': 'true' }), STATUS_NAMES[status]),
    ),
  );
}
