import { today as todayUtc } from '../../../src/today.js';
import { api, type Plan } from '../api.js';
import { statusBar, statusLegend } from '../charts.js';
import { fill, h } from '../dom.js';
import { formatDay, stateName } from '../format.js';
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
  const body = h('div', { class: 'plan', 'aria-busy': 'true' }, h('p', {}, 'Loading…'));
  const download = h('a', { class: 'download', href: '' }, 'Download the drafted progress report (Word)');
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
    h(
      'p',
      { class: 'crumbs' },
      h('a', { href: '#/' }, 'All States'),
      ' › ',
      h('a', { href: `#/states/${code}` }, name),
      ' › Plan',
    ),
    h('h1', {}, `${name}: implementation plan`),
    h(
      'form',
      { class: 'controls', 'aria-label': 'Day of the plan', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'plan-as-of' }, 'Plan as of'), dateInput),
    ),
    h('p', { class: 'report-links' }, download, others),
    body,
  );

  let drawn = 0;
  async function draw(): Promise<void> {
    const ticket = ++drawn;
    links();
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
      `As it stood on ${formatDay(plan.asOf)}: ${plan.clusters.length} clusters, ${plan.institutions.length} institutions, ${plan.actions.length} actions (${late} late), ${plan.indicators.length} indicators.`,
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-clusters' },
      h('h2', { id: 'plan-clusters' }, 'Clusters'),
      statusLegend(),
      plan.clusters.length === 0
        ? h('p', {}, 'No cluster on this day.')
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
                    h('span', { class: `status ${m.status}` }, m.status.replace('_', ' ')),
                    m.lead ? h('span', { class: 'muted' }, ` lead: ${nameOf(m.lead)}`) : null,
                  ),
                ),
              ),
              h(
                'p',
                { class: 'muted' },
                `${cluster.actions.count} actions, ${cluster.actions.late.length} late; ${cluster.indicators.count} indicators (${cluster.indicators.byTrack.on_track + cluster.indicators.byTrack.achieved} on track, ${cluster.indicators.byTrack.off_track} off track)`,
              ),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-institutions' },
      h('h2', { id: 'plan-institutions' }, 'Institutions'),
      h(
        'table',
        { class: 'institutions' },
        h('caption', { class: 'visually-hidden' }, 'Institutions, their recommendations and actions'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Institution', 'Leads', 'Supports', 'Actions', 'Late'].map((c) => h('th', { scope: 'col' }, c)),
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
      h('h2', { id: 'plan-actions' }, 'Actions'),
      timeline(plan.actions, plan.asOf) ?? h('p', {}, 'No action planned by this day.'),
      plan.actions.length > 0 ? actionTable(plan.actions, nameOf, 'Actions by planned start') : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'plan-indicators' },
      h('h2', { id: 'plan-indicators' }, 'Indicators'),
      plan.indicators.length === 0
        ? h('p', {}, 'No indicator on this day.')
        : h('div', { class: 'indicators' }, plan.indicators.map(indicatorChart)),
    ),
  ];
}
