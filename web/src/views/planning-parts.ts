/** Pieces shared by the plan and the to-do views: action rows, the timeline, indicator charts. */
import type { PlannedAction, PlannedIndicator } from '../api.js';
import { columns, h, regionTable, s } from '../dom.js';
import { formatDay } from '../format.js';
import { locale, t } from '../i18n.js';

export const ACTION_STATUS_NAMES: Record<PlannedAction['status'], string> = t.actions.statuses;
export const TRACK_NAMES: Record<PlannedIndicator['track'], string> = t.actions.tracks;

/** A value as the language writes it (1 234,5 in French), however many decimals it has. */
const value = (n: number): string => n.toLocaleString(locale, { maximumFractionDigits: 6 });

const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Actions as bars on one time axis, with a line for the day asked; the table beside it says the same in words. */
export function timeline(actions: readonly PlannedAction[], asOf: string): SVGSVGElement | null {
  if (actions.length === 0) return null;
  const from = Math.min(...actions.map((a) => ms(a.plannedStart)), ms(asOf));
  const to = Math.max(...actions.map((a) => ms(a.plannedEnd)), ms(asOf));
  const x = (day: string) => (100 * (ms(day) - from)) / Math.max(1, to - from);
  const row = 8;
  const svg = s('svg', {
    class: 'timeline',
    viewBox: `0 0 100 ${actions.length * row + 2}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': t.actions.timeline(
      actions.length,
      formatDay(new Date(from).toISOString().slice(0, 10)),
      formatDay(new Date(to).toISOString().slice(0, 10)),
      formatDay(asOf),
    ),
  });
  actions.forEach((action, i) => {
    const left = x(action.plannedStart);
    const width = Math.max(0.5, x(action.plannedEnd) - left);
    const state = action.late ? 'late' : action.status;
    svg.appendChild(
      s(
        'rect',
        { class: `span ${state}`, x: left, y: i * row + 1, width, height: row - 2, 'data-action': action.id },
        s('title', {}, `${action.title}: ${ACTION_STATUS_NAMES[action.status]}${action.late ? t.actions.late : ''}`),
      ),
    );
    if (action.percent !== undefined) {
      svg.appendChild(
        s('rect', { class: 'done', x: left, y: i * row + 3, width: (width * action.percent) / 100, height: row - 6 }),
      );
    }
  });
  svg.appendChild(s('line', { class: 'today', x1: x(asOf), x2: x(asOf), y1: 0, y2: actions.length * row + 2 }));
  return svg;
}

/** The actions as a table: title, institution, dates, status (late said in words), percent. */
export function actionTable(
  actions: readonly PlannedAction[],
  institutionName: (id: string) => string,
  caption: string,
): HTMLElement {
  return regionTable({
    region: caption,
    table: { class: 'actions' },
    caption,
    captionShown: true,
    head: columns(
      t.actions.action,
      t.actions.institution,
      t.actions.start,
      t.actions.end,
      t.actions.status,
      t.actions.done,
    ),
    body: actions.map((a) =>
      h(
        'tr',
        { 'data-action': a.id, class: a.late ? 'late' : null },
        h('th', { scope: 'row' }, a.title),
        h(
          'td',
          {},
          h('a', { href: `#/institutions/${encodeURIComponent(a.institutionId)}` }, institutionName(a.institutionId)),
        ),
        h('td', {}, formatDay(a.plannedStart)),
        h('td', {}, formatDay(a.plannedEnd)),
        h(
          'td',
          { 'data-status': a.late ? 'late' : a.status },
          ACTION_STATUS_NAMES[a.status],
          a.late ? h('strong', { class: 'late-tag' }, t.actions.lateTag) : null,
        ),
        h(
          'td',
          { class: 'num' },
          a.percent !== undefined ? new Intl.NumberFormat(locale, { style: 'percent' }).format(a.percent / 100) : '–',
        ),
      ),
    ),
  });
}

/** An indicator as a small chart: the straight line from baseline to target, and the values over it. */
export function indicatorChart(indicator: PlannedIndicator): HTMLElement {
  const points = [{ value: indicator.baseline.value, on: indicator.baseline.on }, ...indicator.values];
  const days = [indicator.baseline.on, indicator.target.by, ...indicator.values.map((v) => v.on)].map(ms);
  const from = Math.min(...days);
  const to = Math.max(...days);
  const values = [indicator.target.value, ...points.map((p) => p.value)];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const x = (day: string) => (100 * (ms(day) - from)) / Math.max(1, to - from);
  const y = (value: number) => 38 - (36 * (value - low)) / Math.max(1e-9, high - low);
  const series = points.map((p) => `${x(p.on).toFixed(2)},${y(p.value).toFixed(2)}`).join(' ');
  const latest = indicator.latest;
  const words = t.actions.indicatorWords(
    indicator.title,
    indicator.unit,
    value(indicator.baseline.value),
    formatDay(indicator.baseline.on),
    value(indicator.target.value),
    formatDay(indicator.target.by),
    latest ? { value: value(latest.value), on: formatDay(latest.on) } : undefined,
    TRACK_NAMES[indicator.track].toLowerCase(),
  );
  return h(
    'figure',
    { class: `indicator ${indicator.track}`, 'data-indicator': indicator.id },
    s(
      'svg',
      { class: 'spark', viewBox: '0 0 100 40', preserveAspectRatio: 'none', role: 'img', 'aria-label': words },
      s('line', {
        class: 'target-line',
        x1: x(indicator.baseline.on),
        y1: y(indicator.baseline.value),
        x2: x(indicator.target.by),
        y2: y(indicator.target.value),
      }),
      s('polyline', { class: 'series', points: series }),
      points.map((p) => s('circle', { cx: x(p.on), cy: y(p.value), r: 1.2 })),
    ),
    h(
      'figcaption',
      {},
      h('strong', {}, indicator.title),
      ' ',
      h('span', { class: `track ${indicator.track}`, 'data-track': indicator.track }, TRACK_NAMES[indicator.track]),
      h(
        'span',
        { class: 'muted' },
        t.actions.indicatorFigures(
          latest ? value(latest.value) : '–',
          indicator.unit,
          value(indicator.baseline.value),
          value(indicator.target.value),
          formatDay(indicator.target.by),
        ),
      ),
    ),
  );
}
