/** Charts as small SVGs inside real tables: the table is the text alternative, the bar is the picture. */
import type { ImplementationStatus } from '../../src/domain/vocabulary.js';
import { h, s } from './dom.js';
import { STATUS_NAMES, STATUSES } from './labels.js';

export type ByStatus = Record<ImplementationStatus, number>;

/** One bar split by implementation status; its label reads the numbers out. */
export function statusBar(byStatus: ByStatus, label = ''): SVGSVGElement {
  const total = STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  const words = STATUSES.map((status) => `${byStatus[status]} ${STATUS_NAMES[status].toLowerCase()}`).join(', ');
  const svg = s('svg', {
    class: 'bar',
    viewBox: '0 0 100 10',
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `${label ? `${label}: ` : ''}${total === 0 ? 'no recommendations' : words}`,
  });
  if (total === 0) {
    svg.appendChild(s('rect', { class: 'empty', x: 0, y: 0, width: 100, height: 10 }));
    return svg;
  }
  let x = 0;
  for (const status of STATUSES) {
    const width = (100 * byStatus[status]) / total;
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
      'aria-label': `${label}: ${value}`,
    },
    s('rect', { class: 'empty', x: 0, y: 0, width: 100, height: 10 }),
    max > 0 && value > 0 ? s('rect', { class: 'fill', x: 0, y: 0, width: (100 * value) / max, height: 10 }) : null,
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
        h('th', { scope: 'col', class: 'num' }, 'Count'),
        h('th', { scope: 'col', class: 'chart-col' }, h('span', { class: 'visually-hidden' }, 'Chart')),
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
          h('td', { class: 'num', 'data-metric': row.key }, row.value),
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
    { class: 'legend', 'aria-label': 'Colours of the status bars' },
    STATUSES.map((status) =>
      h('li', {}, h('span', { class: `swatch ${status}`, 'aria-hidden': 'true' }), STATUS_NAMES[status]),
    ),
  );
}
