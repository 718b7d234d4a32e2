import { api, type Recommendation } from '../api.js';
import { fill, h, select } from '../dom.js';
import { formatDay } from '../format.js';
import { LEVEL_NAMES, LEVELS, MECHANISMS, STATUS_NAMES, STATUSES } from '../labels.js';

const FILTERS = ['mechanism', 'status', 'level', 'overdue', 'theme'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZES = ['5', '10', '20', '50', '100'];

const excerpt = (text: string) => (text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text);

export function followUpWords(r: Recommendation): string {
  if (!r.followUp) return '—';
  const state = r.followUp.replied ? 'replied' : r.followUp.overdue ? 'overdue' : 'awaiting reply';
  return `due ${formatDay(r.followUp.deadline)}, ${state}`;
}

/** The State's recommendations today, filtered and paged through the list endpoint's cursor. */
export function recommendationList(state: string, initial: URLSearchParams, changed: () => void) {
  const values: Record<Filter, string> = Object.fromEntries(FILTERS.map((f) => [f, initial.get(f) ?? ''])) as Record<
    Filter,
    string
  >;
  let limit = PAGE_SIZES.includes(initial.get('limit') ?? '') ? (initial.get('limit') as string) : '20';
  let cursors: (string | undefined)[] = [undefined];
  let page = 0;
  const themes = new Set<string>();

  const themeList = h('datalist', { id: 'theme-options' });
  const form = h(
    'form',
    {
      class: 'controls filters',
      'aria-label': 'Filter the recommendations',
      onsubmit: (e: Event) => e.preventDefault(),
    },
    select('list-mechanism', 'Mechanism', [['', 'Any'], ...MECHANISMS.map((m) => [m, m] as const)], values.mechanism),
    select(
      'list-status',
      'Status',
      [['', 'Any'], ...STATUSES.map((s) => [s, STATUS_NAMES[s]] as const)],
      values.status,
    ),
    select('list-level', 'Assessment', [['', 'Any'], ...LEVELS.map((l) => [l, LEVEL_NAMES[l]] as const)], values.level),
    select(
      'list-overdue',
      'Follow-up overdue',
      [
        ['', 'Any'],
        ['true', 'Overdue'],
        ['false', 'Not overdue'],
      ],
      values.overdue,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'list-theme' }, 'Theme'),
      h('input', {
        id: 'list-theme',
        name: 'theme',
        type: 'search',
        list: 'theme-options',
        value: values.theme,
        placeholder: 'Exact theme',
      }),
      themeList,
    ),
    select(
      'list-limit',
      'Per page',
      PAGE_SIZES.map((n) => [n, n] as const),
      limit,
    ),
  );
  const onChange = (event: Event) => {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    const key = control.name;
    if (key === 'limit') limit = control.value;
    else if ((FILTERS as readonly string[]).includes(key)) values[key as Filter] = control.value.trim();
    cursors = [undefined];
    page = 0;
    changed();
    void refresh();
  };
  form.addEventListener('change', onChange);
  form.addEventListener('search', onChange);

  const status = h('p', { class: 'summary', role: 'status' });
  const body = h('div', { class: 'results' });
  const previous = h('button', { type: 'button', class: 'secondary', onclick: () => turn(-1) }, '‹ Previous page');
  const next = h('button', { type: 'button', class: 'secondary', onclick: () => turn(1) }, 'Next page ›');
  const element = h(
    'section',
    { 'aria-labelledby': 'list-heading', class: 'list' },
    h('h2', { id: 'list-heading' }, 'Recommendations'),
    h('p', { class: 'hint' }, 'Their status today. Choose a recommendation for its measures and audit trail.'),
    form,
    status,
    body,
    h('nav', { class: 'pager', 'aria-label': 'Pages of recommendations' }, previous, next),
  );

  function turn(step: number): void {
    page = Math.max(0, Math.min(cursors.length - 1, page + step));
    void refresh().then(() => body.querySelector<HTMLElement>('table')?.focus());
  }

  let drawn = 0;
  async function refresh(): Promise<void> {
    const ticket = ++drawn;
    const found = await api.recommendations({ state, ...values, limit, cursor: cursors[page] });
    if (ticket !== drawn) return;
    cursors = cursors.slice(0, page + 1);
    if (found.next) cursors.push(found.next);
    for (const item of found.items) for (const theme of item.themes) themes.add(theme);
    fill(
      themeList,
      [...themes].sort().map((theme) => h('option', { value: theme })),
    );
    const first = page * Number(limit) + 1;
    status.textContent =
      found.items.length === 0
        ? 'No recommendation matches these filters.'
        : `Page ${page + 1}: recommendations ${first} to ${first + found.items.length - 1}${found.next ? '' : ' (last page)'}.`;
    previous.disabled = page === 0;
    next.disabled = !found.next;
    fill(body, found.items.length === 0 ? null : table(found.items));
  }

  return {
    element,
    refresh,
    params: () => ({ ...values, limit: limit === '20' ? undefined : limit }),
  };
}

function table(items: Recommendation[]): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': 'Recommendations', tabindex: 0 },
    h(
      'table',
      { class: 'recommendations', tabindex: -1 },
      h('caption', { class: 'visually-hidden' }, 'Recommendations with their status, follow-up and assessment'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Recommendation'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Follow-up'),
          h('th', { scope: 'col' }, 'Assessment'),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((r) =>
          h(
            'tr',
            { 'data-id': r.id },
            h(
              'th',
              { scope: 'row' },
              h('a', { href: `#/recommendations/${encodeURIComponent(r.id)}` }, `${r.symbol} ¶ ${r.paragraph}`),
              h('span', { class: 'tag' }, r.mechanism),
              h('p', { class: 'excerpt', dir: 'auto' }, excerpt(r.text)),
            ),
            h('td', {}, h('span', { class: `status ${r.status}` }, STATUS_NAMES[r.status])),
            h('td', { class: r.followUp?.overdue ? 'alert' : '' }, followUpWords(r)),
            h('td', {}, r.assessment ? `${r.assessment.grade}: ${LEVEL_NAMES[r.assessment.level]}` : '—'),
          ),
        ),
      ),
    ),
  );
}
