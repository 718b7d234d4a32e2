import { today as todayUtc } from '../../../src/today.js';
import { api, type StateStatus } from '../api.js';
import { countTable, statusBar, statusLegend } from '../charts.js';
import { type Child, crumbs, fill, h, regionTable } from '../dom.js';
import { formatDay, percent, stateName } from '../format.js';
import { t } from '../i18n.js';
import {
  COMMITMENT_NAMES,
  COMMITMENTS,
  FOLLOW_UP_NAMES,
  LEVEL_NAMES,
  LEVELS,
  MECHANISM_NAMES,
  MECHANISMS,
  STATUS_NAMES,
  STATUSES,
  UPR_NAMES,
} from '../labels.js';
import { notePosition } from '../live.js';
import { type Route, rememberParams, type View } from '../route.js';
import { communicationsSection } from './communications.js';
import { recommendationList } from './recommendation-list.js';
import { reportingSection } from './reporting.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One State's status on any day, as charts, and its recommendations. */
export function stateView(main: HTMLElement, route: Route, code: string): View {
  const name = stateName(code);
  const today = todayUtc();
  const given = route.params.get('asOf') ?? '';
  let asOf = DAY.test(given) && given <= today ? given : today;
  const list = recommendationList(code, route.params, () => remember());
  const communications = communicationsSection(code);
  const params = () => ({ asOf: asOf === today ? undefined : asOf, ...list.params() });
  const remember = () => rememberParams(`/states/${code}`, params());

  const dateInput = h('input', {
    id: 'as-of',
    name: 'asOf',
    type: 'date',
    value: asOf,
    max: today,
    required: true,
    'aria-describedby': 'as-of-hint',
  });
  const note = h('p', { id: 'as-of-hint', class: 'hint', role: 'status' });
  const figures = h('div', { class: 'figures', 'aria-busy': 'true' }, h('p', {}, t.loading));
  // The day in words beside the picker, whose own display follows the browser's locale (05/13/2024 or 13/05/2024).
  const dayInWords = h('output', { id: 'as-of-words', for: 'as-of', class: 'day-words', 'aria-live': 'polite' });
  const showDay = () => {
    dayInWords.textContent = formatDay(asOf);
    list.showDay(asOf, today);
  };
  const setDay = (day: string) => {
    if (!DAY.test(day) || day > today) return;
    asOf = day;
    dateInput.value = day;
    showDay();
    remember();
    void drawStatus();
  };
  dateInput.addEventListener('change', () => setDay(dateInput.value));

  fill(
    main,
    crumbs([[t.state.allStates, '#/']], name),
    h('h1', {}, name, ' ', h('span', { class: 'code' }, code)),
    h('p', {}, h('a', { href: `#/states/${code}/plan`, class: 'plan-link' }, t.state.planLink)),
    h(
      'form',
      { class: 'controls', 'aria-label': t.state.dayForm, onsubmit: (e: Event) => e.preventDefault() },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'as-of' }, t.state.asOf),
        h('div', { class: 'day' }, dateInput, dayInWords),
      ),
      h('button', { type: 'button', class: 'secondary', onclick: () => setDay(today) }, t.state.today),
      note,
    ),
    figures,
    communications.element,
    list.element,
  );

  showDay();

  let drawn = 0;
  async function drawStatus(): Promise<void> {
    const ticket = ++drawn;
    figures.setAttribute('aria-busy', 'true');
    const [status, calendar] = await Promise.all([api.status(code, asOf), api.reporting(code, asOf)]);
    if (ticket !== drawn) return;
    notePosition(status.position);
    note.textContent = t.state.counting(formatDay(status.asOf));
    fill(figures, ...statusFigures(status), reportingSection(calendar));
    figures.setAttribute('aria-busy', 'false');
    await communications.draw(status);
  }

  return {
    async refresh() {
      await Promise.all([drawStatus(), list.refresh()]);
    },
  };
}

function statusFigures(status: StateStatus): (Node | null)[] {
  const total = status.recommendations;
  const metric = (key: string, label: string, value: number, extra = '') =>
    h(
      'div',
      { class: 'card' },
      h('dt', {}, label),
      h('dd', {}, h('span', { 'data-metric': key }, value), extra ? h('span', { class: 'muted' }, ` ${extra}`) : null),
    );
  const mechanisms = MECHANISMS.filter((m) => (status.byMechanism[m]?.recommendations ?? 0) > 0);
  const commitments = COMMITMENTS.filter((c) => (status.byCommitment[c]?.recommendations ?? 0) > 0);
  const uprTotal = Object.values(status.upr).reduce((a, b) => a + b, 0);
  const levelsTotal = LEVELS.filter((level) => level !== 'not_assessed').reduce((a, l) => a + status.byLevel[l], 0);
  // Headline rates count what the State committed to: noted UPR recommendations are shown apart, below.
  const none = { recommendations: 0, byStatus: { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 } };
  const accepted = status.byCommitment.accepted ?? none;
  return [
    h(
      'dl',
      { class: 'cards', 'aria-label': t.state.keyFigures },
      metric('recommendations', t.state.recommendations, total),
      metric(
        'byCommitment.accepted.recommendations',
        t.state.accepted,
        accepted.recommendations,
        percent(accepted.recommendations, total),
      ),
      ...STATUSES.map((s) =>
        metric(
          `byCommitment.accepted.byStatus.${s}`,
          t.state.statusAccepted(STATUS_NAMES[s]),
          accepted.byStatus[s],
          percent(accepted.byStatus[s], accepted.recommendations),
        ),
      ),
      metric('followUp.overdue', t.state.overdue, status.followUp.overdue),
      metric('reports.overdue', t.state.reportsOverdue, status.reports.overdue),
    ),
    // Empty on a day before any recommendation: the section by mechanism says so once.
    commitments.length === 0
      ? null
      : h(
          'section',
          { 'aria-labelledby': 'by-commitment' },
          h('h2', { id: 'by-commitment' }, t.state.byCommitment),
          breakdownTable(
            { class: 'by-commitment', region: t.state.byCommitmentRegion, caption: t.state.byCommitmentCaption },
            t.state.commitment,
            commitments.map((c) => ({
              key: { 'data-commitment': c },
              name: COMMITMENT_NAMES[c],
              label: COMMITMENT_NAMES[c],
              part: status.byCommitment[c] ?? none,
            })),
          ),
        ),
    h(
      'section',
      { 'aria-labelledby': 'by-mechanism' },
      h('h2', { id: 'by-mechanism' }, t.state.byMechanism),
      statusLegend(),
      mechanisms.length === 0
        ? h('p', {}, t.state.noneInEffect(formatDay(status.asOf)))
        : breakdownTable(
            { class: 'by-mechanism', region: t.state.byMechanism, caption: t.state.byMechanismCaption },
            t.state.mechanism,
            mechanisms.map((m) => ({
              key: { 'data-mechanism': m },
              name: h('abbr', { title: MECHANISM_NAMES[m] }, m),
              label: m,
              part: status.byMechanism[m] ?? { recommendations: 0, byStatus: status.byStatus },
            })),
          ),
    ),
    h(
      'div',
      { class: 'grid' },
      countSection({
        id: 'follow-up',
        heading: t.state.followUp,
        empty: status.followUp.selected === 0 ? t.state.noFollowUp : undefined,
        caption: t.state.followUpCaption,
        column: t.state.followUp,
        rows: (['selected', 'pending', 'overdue', 'replied', 'repliedOnTime', 'repliedLate', 'closed'] as const).map(
          (k) => ({ key: `followUp.${k}`, label: FOLLOW_UP_NAMES[k], value: status.followUp[k] }),
        ),
      }),
      countSection({
        id: 'levels',
        heading: t.state.levels,
        empty: levelsTotal === 0 ? t.state.noAssessment : undefined,
        caption: t.state.levelsCaption,
        column: t.state.level,
        rows: LEVELS.map((level) => ({
          key: `byLevel.${level}`,
          label: LEVEL_NAMES[level],
          value: status.byLevel[level],
        })),
      }),
      countSection({
        id: 'upr',
        heading: t.state.upr,
        empty: uprTotal === 0 ? t.state.noUpr : undefined,
        caption: t.state.uprCaption,
        column: t.state.position,
        rows: (['supported', 'supported_in_part', 'noted', 'pending'] as const).map((k) => ({
          key: `upr.${k}`,
          label: UPR_NAMES[k],
          value: status.upr[k],
        })),
      }),
    ),
  ];
}

/**
 * A section of counts under its heading (`id` names both): `empty`, when there is nothing to count, else the table of
 * the counts, `column` naming what its rows count.
 */
function countSection(section: {
  id: string;
  heading: string;
  empty: string | undefined;
  caption: string;
  column: string;
  rows: readonly { key: string; label: string; value: number }[];
}): HTMLElement {
  const { id, heading, empty, caption, column, rows } = section;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, heading),
    empty !== undefined ? h('p', { class: 'muted', 'data-empty': id }, empty) : countTable(caption, column, rows),
  );
}

/** Recommendations by status, a row for each commitment or mechanism, with a bar of the row's statuses. */
function breakdownTable(
  table: { class: string; region: string; caption: string },
  first: string,
  rows: readonly {
    key: Record<string, string>;
    name: Child;
    label: string;
    part: { recommendations: number; byStatus: Parameters<typeof statusBar>[0] };
  }[],
): HTMLElement {
  return regionTable({
    region: table.region,
    table: { class: table.class },
    caption: table.caption,
    head: [
      h('th', { scope: 'col' }, first),
      h('th', { scope: 'col', class: 'num' }, t.state.total),
      ...STATUSES.map((s) => h('th', { scope: 'col', class: 'num' }, STATUS_NAMES[s])),
      h('th', { scope: 'col', class: 'chart-col' }, t.state.status),
    ],
    body: rows.map(({ key, name, label, part }) =>
      h(
        'tr',
        key,
        h('th', { scope: 'row' }, name),
        h('td', { class: 'num', 'data-metric': 'recommendations' }, part.recommendations),
        ...STATUSES.map((s) => h('td', { class: 'num', 'data-metric': s }, part.byStatus[s])),
        h('td', { class: 'chart-col' }, statusBar(part.byStatus, label)),
      ),
    ),
  });
}
