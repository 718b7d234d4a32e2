import { today as todayUtc } from '../../../src/today.js';
import { api, type StateStatus } from '../api.js';
import { countTable, statusBar, statusLegend } from '../charts.js';
import { fill, h } from '../dom.js';
import { formatDay, percent, stateName } from '../format.js';
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
import { recommendationList } from './recommendation-list.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One State's status on any day, as charts, and its recommendations. */
export function stateView(main: HTMLElement, route: Route, code: string): View {
  const name = stateName(code);
  const today = todayUtc();
  const given = route.params.get('asOf') ?? '';
  let asOf = DAY.test(given) && given <= today ? given : today;
  const list = recommendationList(code, route.params, () => remember());
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
  const figures = h('div', { class: 'figures', 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  const setDay = (day: string) => {
    if (!DAY.test(day) || day > today) return;
    asOf = day;
    dateInput.value = day;
    remember();
    void drawStatus();
  };
  dateInput.addEventListener('change', () => setDay(dateInput.value));

  fill(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'All States'), ' › ', name),
    h('h1', {}, name, ' ', h('span', { class: 'code' }, code)),
    h('p', {}, h('a', { href: `#/states/${code}/plan`, class: 'plan-link' }, 'Implementation plan and drafted report')),
    h(
      'form',
      { class: 'controls', 'aria-label': 'Day of the status', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'as-of' }, 'Status as of'), dateInput),
      h('button', { type: 'button', class: 'secondary', onclick: () => setDay(today) }, 'Today'),
      note,
    ),
    figures,
    list.element,
  );

  let drawn = 0;
  async function drawStatus(): Promise<void> {
    const ticket = ++drawn;
    figures.setAttribute('aria-busy', 'true');
    const status = await api.status(code, asOf);
    if (ticket !== drawn) return;
    notePosition(status.position);
    note.textContent = `Counting what was in effect on ${formatDay(status.asOf)}; follow-up overdue is judged on that day.`;
    fill(figures, ...statusFigures(status));
    figures.setAttribute('aria-busy', 'false');
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
  // Headline rates count what the State committed to: noted UPR recommendations are shown apart, below.
  const none = { recommendations: 0, byStatus: { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 } };
  const accepted = status.byCommitment.accepted ?? none;
  return [
    h(
      'dl',
      { class: 'cards', 'aria-label': 'Key figures: rates of the accepted recommendations' },
      metric('recommendations', 'Recommendations', total),
      metric(
        'byCommitment.accepted.recommendations',
        'Accepted',
        accepted.recommendations,
        percent(accepted.recommendations, total),
      ),
      ...STATUSES.map((s) =>
        metric(
          `byCommitment.accepted.byStatus.${s}`,
          `${STATUS_NAMES[s]} (accepted)`,
          accepted.byStatus[s],
          percent(accepted.byStatus[s], accepted.recommendations),
        ),
      ),
      metric('followUp.overdue', 'Follow-up overdue', status.followUp.overdue),
    ),
    // Empty on a day before any recommendation: the section by mechanism says so once.
    commitments.length === 0
      ? null
      : h(
          'section',
          { 'aria-labelledby': 'by-commitment' },
          h('h2', { id: 'by-commitment' }, 'Accepted, noted, pending'),
          h(
            'div',
            { class: 'table-scroll', role: 'region', 'aria-label': 'Status by commitment', tabindex: 0 },
            h(
              'table',
              { class: 'by-commitment' },
              h('caption', { class: 'visually-hidden' }, 'Recommendations by what the State committed to, and status'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Commitment'),
                  h('th', { scope: 'col', class: 'num' }, 'Total'),
                  ...STATUSES.map((s) => h('th', { scope: 'col', class: 'num' }, STATUS_NAMES[s])),
                  h('th', { scope: 'col', class: 'chart-col' }, 'Status'),
                ),
              ),
              h(
                'tbody',
                {},
                commitments.map((c) => {
                  const part = status.byCommitment[c] ?? none;
                  return h(
                    'tr',
                    { 'data-commitment': c },
                    h('th', { scope: 'row' }, COMMITMENT_NAMES[c]),
                    h('td', { class: 'num', 'data-metric': 'recommendations' }, part.recommendations),
                    ...STATUSES.map((s) => h('td', { class: 'num', 'data-metric': s }, part.byStatus[s])),
                    h('td', { class: 'chart-col' }, statusBar(part.byStatus, COMMITMENT_NAMES[c])),
                  );
                }),
              ),
            ),
          ),
        ),
    h(
      'section',
      { 'aria-labelledby': 'by-mechanism' },
      h('h2', { id: 'by-mechanism' }, 'Status by mechanism'),
      statusLegend(),
      mechanisms.length === 0
        ? h('p', {}, `No recommendation was in effect on ${formatDay(status.asOf)}.`)
        : h(
            'div',
            { class: 'table-scroll', role: 'region', 'aria-label': 'Status by mechanism', tabindex: 0 },
            h(
              'table',
              { class: 'by-mechanism' },
              h('caption', { class: 'visually-hidden' }, 'Recommendations by mechanism and implementation status'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, 'Mechanism'),
                  h('th', { scope: 'col', class: 'num' }, 'Total'),
                  ...STATUSES.map((s) => h('th', { scope: 'col', class: 'num' }, STATUS_NAMES[s])),
                  h('th', { scope: 'col', class: 'chart-col' }, 'Status'),
                ),
              ),
              h(
                'tbody',
                {},
                mechanisms.map((m) => {
                  const part = status.byMechanism[m] ?? { recommendations: 0, byStatus: status.byStatus };
                  return h(
                    'tr',
                    { 'data-mechanism': m },
                    h('th', { scope: 'row' }, h('abbr', { title: MECHANISM_NAMES[m] }, m)),
                    h('td', { class: 'num', 'data-metric': 'recommendations' }, part.recommendations),
                    ...STATUSES.map((s) => h('td', { class: 'num', 'data-metric': s }, part.byStatus[s])),
                    h('td', { class: 'chart-col' }, statusBar(part.byStatus, m)),
                  );
                }),
              ),
            ),
          ),
    ),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { 'aria-labelledby': 'follow-up' },
        h('h2', { id: 'follow-up' }, 'Follow-up'),
        countTable(
          'Recommendations selected for follow-up, replied to, and overdue',
          'Follow-up',
          (['selected', 'replied', 'overdue'] as const).map((k) => ({
            key: `followUp.${k}`,
            label: FOLLOW_UP_NAMES[k],
            value: status.followUp[k],
          })),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'levels' },
        h('h2', { id: 'levels' }, 'Assessment of follow-up'),
        countTable(
          'Recommendations by the level of the latest assessment',
          'Level',
          LEVELS.map((level) => ({ key: `byLevel.${level}`, label: LEVEL_NAMES[level], value: status.byLevel[level] })),
        ),
      ),
      h(
        'section',
        { 'aria-labelledby': 'upr' },
        h('h2', { id: 'upr' }, 'UPR positions'),
        uprTotal === 0
          ? h('p', { class: 'muted' }, 'No UPR recommendation in effect on this day.')
          : countTable(
              'UPR recommendations by the position of the State',
              'Position',
              (['supported', 'supported_in_part', 'noted', 'pending'] as const).map((k) => ({
                key: `upr.${k}`,
                label: UPR_NAMES[k],
                value: status.upr[k],
              })),
            ),
      ),
    ),
  ];
}
