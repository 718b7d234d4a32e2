import { api, type Recommendation } from '../api.js';
import { columns, fill, h, regionTable, select } from '../dom.js';
import { formatDay } from '../format.js';
import { language, t } from '../i18n.js';
import { gradeWords, LEVEL_NAMES, LEVELS, MECHANISMS, STATUS_NAMES, STATUSES } from '../labels.js';

const FILTERS = ['mechanism', 'status', 'level', 'overdue', 'theme'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZES = ['5', '10', '20', '50', '100'];

const excerpt = (text: string) => (text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text);

/** "due 12 May 2024, replied on 13 May 2024": the deadline, and the reply's day or whether it is late. */
export function followUpWords(r: Recommendation): string {
  if (!r.followUp) return t.none;
  const { deadline, repliedOn, overdue } = r.followUp;
  const state = repliedOn ? t.list.repliedOn(formatDay(repliedOn)) : overdue ? t.list.isOverdueWords : t.list.awaiting;
  return `${t.list.due(formatDay(deadline))}, ${state}`;
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
      'aria-label': t.list.filters,
      onsubmit: (e: Event) => e.preventDefault(),
    },
    select(
      'list-mechanism',
      t.list.mechanism,
      [['', t.list.any], ...MECHANISMS.map((m) => [m, m] as const)],
      values.mechanism,
    ),
    select(
      'list-status',
      t.list.status,
      [['', t.list.any], ...STATUSES.map((s) => [s, STATUS_NAMES[s]] as const)],
      values.status,
    ),
    select(
      'list-level',
      t.list.assessment,
      [['', t.list.any], ...LEVELS.map((l) => [l, LEVEL_NAMES[l]] as const)],
      values.level,
    ),
    select(
      'list-overdue',
      t.list.overdue,
      [
        ['', t.list.any],
        ['true', t.list.isOverdue],
        ['false', t.list.notOverdue],
      ],
      values.overdue,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'list-theme' }, t.list.theme),
      h('input', {
        id: 'list-theme',
        name: 'theme',
        type: 'search',
        list: 'theme-options',
        value: values.theme,
        placeholder: t.list.themePlaceholder,
      }),
      themeList,
    ),
    select(
      'list-limit',
      t.list.perPage,
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
  const hint = h('p', { class: 'hint', id: 'list-day', 'data-past-day': 'false' }, t.list.hintToday);
  const body = h('div', { class: 'results' });
  const previous = h('button', { type: 'button', class: 'secondary', onclick: () => turn(-1) }, t.list.previous);
  const next = h('button', { type: 'button', class: 'secondary', onclick: () => turn(1) }, t.list.next);
  const element = h(
    'section',
    { 'aria-labelledby': 'list-heading', class: 'list' },
    h('h2', { id: 'list-heading' }, t.list.heading),
    hint,
    form,
    status,
    body,
    h('nav', { class: 'pager', 'aria-label': t.list.pages }, previous, next),
  );

  function turn(step: number): void {
    page = Math.max(0, Math.min(cursors.length - 1, page + step));
    void refresh().then(() => body.querySelector<HTMLElement>('table')?.focus());
  }

  let drawn = 0;
  async function refresh(): Promise<void> {
    const ticket = ++drawn;
    const found = await api.recommendations({ state, ...values, limit, cursor: cursors[page], lang: language });
    if (ticket !== drawn) return;
    cursors = cursors.slice(0, page + 1);
    if (found.next) cursors.push(found.next);
    for (const item of found.items) for (const theme of item.themes) themes.add(theme);
    fill(
      themeList,
      [...themes].sort((a, b) => a.localeCompare(b, language)).map((theme) => h('option', { value: theme })),
    );
    const first = page * Number(limit) + 1;
    status.textContent =
      found.items.length === 0
        ? t.list.nothing
        : t.list.page(page + 1, first, first + found.items.length - 1, !found.next);
    previous.disabled = page === 0;
    next.disabled = !found.next;
    fill(body, found.items.length === 0 ? null : table(found.items));
  }

  /**
   * The day the figures above are for: the list always shows today, and says so unmistakably when they differ.
   */
  function showDay(asOf: string, today: string): void {
    const past = asOf !== today;
    hint.className = past ? 'hint past-day' : 'hint';
    hint.setAttribute('data-past-day', String(past));
    hint.textContent = past ? t.list.pastDay(formatDay(asOf), formatDay(today)) : t.list.hintToday;
  }

  return {
    element,
    refresh,
    showDay,
    params: () => ({ ...values, limit: limit === '20' ? undefined : limit }),
  };
}

function table(items: Recommendation[]): HTMLElement {
  return regionTable({
    region: t.list.region,
    table: { class: 'recommendations', tabindex: -1 },
    caption: t.list.caption,
    head: columns(t.list.recommendation, t.list.status, t.list.followUp, t.list.assessment),
    body: items.map((r) =>
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
        h(
          'td',
          { 'data-label': t.list.status, 'data-column': 'status' },
          h('span', { class: `status ${r.status}` }, STATUS_NAMES[r.status]),
        ),
        h(
          'td',
          { class: r.followUp?.overdue ? 'alert' : '', 'data-label': t.list.followUp, 'data-column': 'follow-up' },
          followUpWords(r),
        ),
        h(
          'td',
          { 'data-label': t.list.assessment, 'data-column': 'assessment' },
          r.assessment ? gradeWords(r.assessment.grade, r.assessment.level) : t.none,
        ),
      ),
    ),
  });
}
