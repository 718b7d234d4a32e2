import { today as todayUtc } from '../../../src/today.js';
import { api, type Plan } from '../api.js';
import { statusBar, statusLegend } from '../charts.js';
import { crumbs, fill, h } from '../dom.js';
import { formatDay, stateName } from '../format.js';
import { t } from '../i18n.js';
import { notePosition } from '../live.js';
import { type Route, rememberParams, type View } from '../route.js';
import { actionTable, indicatorChart, timeline } from './planning-parts.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A State's plan on a day: clusters, institutions, actions on a timeline, indicators as small charts. */
export function planView(main: HTMLElement, route: Route, code: string): View {
  const name = stateName(code);
  const today = todayUtc();
  const given = route.params.get('asOf') ?? '';
  let asOf = DAY.test(given) ? given : today;
  const dateInput = h('input', { id: 'plan-as-of', name: 'asOf', type: 'date', value: asOf, required: true });
  const body = h('div', { class: 'plan', 'aria-busy': 'true' }, h('p', {}, t.loading));
  // The day in words beside the picker, whose own display follows the browser's locale (01/15/2025 or 15/01/2025).
  const dayInWords = h('output', {
    id: 'plan-as-of-words',
    for: 'plan-as-of',
    class: 'day-words',
    'aria-live': 'polite',
  });
  const download = h('a', { class: 'download', href: '' }, t.plan.download);
  const others = h('span', { class: 'muted' });
  const links = () => {
    const base = `/v1/states/${encodeURIComponent(code)}/progress-report?asOf=${asOf}`;
    download.setAttribute('href', `${base}&format=docx`);
    fill(
      others,
      ' · ',
      h('a', { href: `${base}&format=html` }, 'HTML'),
      ' · ',
      h('a', { href: `${base}&format=markdown` }, 'Markdown'),
    );
  };
  dateInput.addEventListener('change', () => {
    if (!DAY.test(dateInput.value)) return;
    asOf = dateInput.value;
    rememberParams(`/states/${code}/plan`, { asOf: asOf === today ? undefined : asOf });
    void draw();
  });

  fill(
    main,
    crumbs(
      [
        [t.state.allStates, '#/'],
        [name, `#/states/${code}`],
      ],
      t.plan.crumb,
    ),
    h('h1', {}, t.plan.heading(name)),
    h(
      'form',
      { class: 'controls', 'aria-label': t.plan.dayForm, onsubmit: (e: Event) => e.preventDefault() },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'plan-as-of' }, t.plan.asOf),
        h('div', { class: 'day' }, dateInput, dayInWords),
      ),
    ),
    h('p', { class: 'report-links' }, download, others),
    body,
  );

  let drawn = 0;
  async function draw(): Promise<void> {
    const ticket = ++drawn;
    links();
    dayInWords.textContent = formatDay(asOf);
    body.setAttribute('aria-busy', 'true');
    const plan = await api.plan(code, asOf);
    if (ticket !== drawn) return;
    notePosition(plan.position);
    fill(body, ...planParts(plan));
    body.setAttribute('aria-busy', 'false');
  }
  return { refresh: draw };
}

function planParts(plan: Plan): Node[] {
  const names = new Map(plan.institutions.map((i) => [i.id, i.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const late = plan.actions.filter((a) => a.late).length;
  return [
    h(
      'p',
      { class: 'hint' },
      t.plan.summary(
        formatDay(plan.asOf),
        plan.clusters.length,
        plan.institutions.length,
        plan.actions.length,
        late,
        plan.indicators.length,
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-clusters' },
      h('h2', { id: 'plan-clusters' }, t.plan.clusters),
      statusLegend(),
      plan.clusters.length === 0
        ? h('p', {}, t.plan.noCluster)
        : plan.clusters.map((cluster) =>
            h(
              'article',
              { class: 'cluster', 'data-cluster': cluster.id },
              h('h3', {}, cluster.title, cluster.theme ? h('span', { class: 'muted' }, ` · ${cluster.theme}`) : null),
              statusBar(cluster.recommendations.byStatus, cluster.title),
              h(
                'ul',
                { class: 'members' },
                cluster.members.map((m) =>
                  h(
                    'li',
                    { 'data-id': m.id },
                    h('span', { class: 'tag' }, m.mechanism),
                    ' ',
                    h('a', { href: `#/recommendations/${encodeURIComponent(m.id)}` }, `${m.symbol} ¶${m.paragraph}`),
                    ' ',
                    h('span', { class: `status ${m.status}` }, t.statuses[m.status]),
                    m.lead ? h('span', { class: 'muted' }, t.plan.lead(nameOf(m.lead))) : null,
                  ),
                ),
              ),
              h(
                'p',
                { class: 'muted' },
                t.plan.clusterCounts(
                  cluster.actions.count,
                  cluster.actions.late.length,
                  cluster.indicators.count,
                  cluster.indicators.byTrack.on_track + cluster.indicators.byTrack.achieved,
                  cluster.indicators.byTrack.off_track,
                ),
              ),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-institutions' },
      h('h2', { id: 'plan-institutions' }, t.plan.institutions),
      h(
        'table',
        { class: 'institutions' },
        h('caption', { class: 'visually-hidden' }, t.plan.institutionsCaption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t.plan.institution, t.plan.leads, t.plan.supports, t.plan.actionsColumn, t.plan.lateColumn].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          plan.institutions.map((i) =>
            h(
              'tr',
              { 'data-institution': i.id },
              h('th', { scope: 'row' }, h('a', { href: `#/institutions/${encodeURIComponent(i.id)}` }, i.name)),
              h('td', { class: 'num', 'data-metric': 'lead' }, i.lead.length),
              h('td', { class: 'num', 'data-metric': 'support' }, i.support.length),
              h('td', { class: 'num', 'data-metric': 'actions' }, i.actions.count),
              h('td', { class: 'num', 'data-metric': 'late' }, i.actions.late.length),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-actions' },
      h('h2', { id: 'plan-actions' }, t.plan.actions),
      timeline(plan.actions, plan.asOf) ?? h('p', {}, t.plan.noAction),
      plan.actions.length > 0 ? actionTable(plan.actions, nameOf, t.plan.actionsCaption) : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-indicators' },
      h('h2', { id: 'plan-indicators' }, t.plan.indicators),
      plan.indicators.length === 0
        ? h('p', {}, t.plan.noIndicator)
        : h('div', { class: 'indicators' }, plan.indicators.map(indicatorChart)),
    ),
  ];
}
