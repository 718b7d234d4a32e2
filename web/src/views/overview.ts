import type { Mechanism } from '../../../src/domain/vocabulary.js';
import { api, countRecommendations, inBatches, type StateStatus } from '../api.js';
import { type ByStatus, statusBar, statusLegend } from '../charts.js';
import { fill, h, regionTable, select } from '../dom.js';
import { percent, stateName } from '../format.js';
import { language, t } from '../i18n.js';
import { MECHANISM_NAMES, MECHANISMS, STATUS_NAMES, STATUSES } from '../labels.js';
import { notePosition } from '../live.js';
import { type Route, rememberParams, type View } from '../route.js';

interface Row {
  state: string;
  name: string;
  recommendations: number;
  byStatus: ByStatus;
  /** What the State committed to (treaty bodies, supported UPR): the base of the implemented share. */
  accepted: { recommendations: number; byStatus: ByStatus };
  /** Undefined until the State's status has answered. */
  overdue: number | undefined;
}

type SortKey = 'name' | 'recommendations' | 'implemented' | 'overdue';
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: t.overview.state },
  { key: 'recommendations', label: t.overview.recommendations },
  { key: 'implemented', label: t.overview.implemented },
  { key: 'overdue', label: t.overview.overdue },
];

const share = (row: Row) =>
  row.accepted.recommendations === 0 ? 0 : row.accepted.byStatus.implemented / row.accepted.recommendations;
const NO_COUNTS = {
  recommendations: 0,
  byStatus: { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 },
};

/** The accepted part of one mechanism: all of a treaty body's, the supported ones of the UPR, none of the SP's. */
function acceptedOf(status: StateStatus, mechanism: Mechanism): Row['accepted'] {
  if (mechanism === 'SP') return NO_COUNTS;
  const part = status.byMechanism[mechanism] ?? NO_COUNTS;
  if (mechanism !== 'UPR') return part;
  // Accepted = treaty bodies' + supported UPR: the UPR's share is what remains once the treaty bodies' are taken.
  const accepted = status.byCommitment.accepted ?? NO_COUNTS;
  const treaties = MECHANISMS.filter((m) => m !== 'UPR' && m !== 'SP').map((m) => status.byMechanism[m] ?? NO_COUNTS);
  const minus = (key: (c: Row['accepted']) => number) => key(accepted) - treaties.reduce((sum, c) => sum + key(c), 0);
  return {
    recommendations: minus((c) => c.recommendations),
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, minus((c) => c.byStatus[s])])) as ByStatus,
  };
}
const compare: Record<SortKey, (a: Row, b: Row) => number> = {
  name: (a, b) => a.name.localeCompare(b.name, language),
  recommendations: (a, b) => a.recommendations - b.recommendations,
  implemented: (a, b) => share(a) - share(b),
  overdue: (a, b) => (a.overdue ?? -1) - (b.overdue ?? -1),
};

/** Every State with data: how many recommendations, how far implemented, how much follow-up is overdue. */
export function overviewView(main: HTMLElement, route: Route): View {
  let mechanism = (route.params.get('mechanism') ?? '') as Mechanism | '';
  let sort: SortKey = (COLUMNS.find((c) => c.key === route.params.get('sort'))?.key ?? 'name') as SortKey;
  let descending = route.params.get('dir') === 'desc';
  let rows: Row[] = [];
  const remember = () =>
    rememberParams('/', { mechanism, sort: sort === 'name' ? undefined : sort, dir: descending ? 'desc' : undefined });

  const summary = h('p', { class: 'summary', 'aria-live': 'polite' }, t.loading);
  const results = h('div', { class: 'results' });
  const filter = select(
    'overview-mechanism',
    t.overview.mechanism,
    [['', t.overview.allMechanisms], ...MECHANISMS.map((m) => [m, `${m}: ${MECHANISM_NAMES[m]}`] as const)],
    mechanism,
  );
  filter.querySelector('select')?.addEventListener('change', (event) => {
    mechanism = (event.target as HTMLSelectElement).value as Mechanism | '';
    remember();
    void view.refresh();
  });
  fill(
    main,
    h('h1', {}, t.overview.heading),
    h('p', { class: 'lead' }, t.overview.lead),
    h(
      'form',
      { class: 'controls', 'aria-label': t.overview.filter, onsubmit: (e: Event) => e.preventDefault() },
      filter,
    ),
    summary,
    statusLegend(),
    results,
  );

  const header = (column: (typeof COLUMNS)[number]) => {
    const active = column.key === sort;
    return h(
      'th',
      {
        scope: 'col',
        class: column.key === 'name' ? '' : 'num',
        'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none',
      },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          'data-sort': column.key,
          onclick: () => {
            descending = active ? !descending : column.key !== 'name';
            sort = column.key;
            remember();
            draw();
            results.querySelector<HTMLButtonElement>(`button[data-sort="${column.key}"]`)?.focus();
          },
        },
        column.label,
        h('span', { class: 'arrow', 'aria-hidden': 'true' }, active ? (descending ? ' ▼' : ' ▲') : ' ↕'),
      ),
    );
  };

  const draw = () => {
    const sorted = [...rows].sort((a, b) => (descending ? -1 : 1) * compare[sort](a, b) || compare.name(a, b));
    const total = rows.reduce((sum, row) => sum + row.recommendations, 0);
    const overdue = rows.reduce((sum, row) => sum + (row.overdue ?? 0), 0);
    const counted = rows.every((row) => row.overdue !== undefined);
    summary.textContent = t.overview.summary(rows.length, total, mechanism, counted ? overdue : undefined);
    if (rows.length === 0) {
      fill(results, h('p', {}, mechanism ? t.overview.noneOf(mechanism) : t.overview.noData));
      return;
    }
    const [name, recommendations, implemented, late] = COLUMNS.map(header);
    fill(
      results,
      regionTable({
        region: t.overview.region,
        table: { class: 'states', 'data-testid': 'states' },
        caption: t.overview.caption,
        head: [
          name,
          recommendations,
          h('th', { scope: 'col', class: 'num minor' }, STATUS_NAMES.no_information),
          h('th', { scope: 'col', class: 'num minor' }, STATUS_NAMES.not_started),
          h('th', { scope: 'col', class: 'num minor' }, STATUS_NAMES.in_progress),
          implemented,
          h('th', { scope: 'col', class: 'chart-col minor' }, t.overview.status),
          late,
        ],
        body: sorted.map((row) =>
          h(
            'tr',
            { 'data-state': row.state },
            h(
              'th',
              { scope: 'row' },
              h('a', { href: `#/states/${row.state}` }, row.name),
              ' ',
              h('span', { class: 'code' }, row.state),
            ),
            h(
              'td',
              { class: 'num', 'data-metric': 'recommendations', 'data-label': t.overview.recommendations },
              row.recommendations,
            ),
            h('td', { class: 'num minor', 'data-metric': 'no_information' }, row.byStatus.no_information),
            h('td', { class: 'num minor', 'data-metric': 'not_started' }, row.byStatus.not_started),
            h('td', { class: 'num minor', 'data-metric': 'in_progress' }, row.byStatus.in_progress),
            h(
              'td',
              { class: 'num', 'data-label': t.overview.implemented },
              h('span', { 'data-metric': 'implemented' }, row.byStatus.implemented),
              h(
                'span',
                { class: 'muted', title: t.overview.ofAcceptedTitle },
                ` ${t.overview.ofAccepted(percent(row.accepted.byStatus.implemented, row.accepted.recommendations))}`,
              ),
            ),
            h('td', { class: 'chart-col minor' }, statusBar(row.byStatus, row.name)),
            row.overdue === undefined
              ? h('td', { class: 'num muted', 'aria-busy': 'true', 'data-label': t.overview.overdue }, '…')
              : h(
                  'td',
                  {
                    class: `num${row.overdue > 0 ? ' alert' : ''}`,
                    'data-metric': 'overdue',
                    'data-label': t.overview.overdue,
                  },
                  row.overdue,
                ),
          ),
        ),
      }),
    );
  };

  const view: View = {
    async refresh() {
      const overview = await api.states();
      const chosen = mechanism;
      // All mechanisms: the table shows at once, the overdue counts (one request per State) follow.
      if (!chosen) {
        rows = overview.items.map((item) => ({ ...item, name: stateName(item.state), overdue: undefined }));
        draw();
      }
      const next = await inBatches(overview.items, 6, async (item): Promise<Row> => {
        const status = await api.status(item.state);
        notePosition(status.position);
        const part = chosen ? status.byMechanism[chosen] : undefined;
        return {
          state: item.state,
          name: stateName(item.state),
          recommendations: part ? part.recommendations : item.recommendations,
          byStatus: part ? part.byStatus : item.byStatus,
          accepted: chosen ? acceptedOf(status, chosen) : item.accepted,
          // The status counts overdue follow-up per State only; per mechanism, the list answers.
          overdue: chosen
            ? part && part.recommendations > 0
              ? await countRecommendations({ state: item.state, mechanism: chosen, overdue: 'true' })
              : 0
            : status.followUp.overdue,
        };
      });
      if (chosen !== mechanism) return;
      rows = next.filter((row) => row.recommendations > 0);
      draw();
    },
  };
  return view;
}
