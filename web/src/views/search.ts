import { ApiError, api, type Page } from '../api.js';
import { fill, h } from '../dom.js';
import { formatCount, formatDay, stateName } from '../format.js';
import { t } from '../i18n.js';
import { type Route, rememberParams, type View } from '../route.js';

/** The filters the facets set, each kept in the address with the words. */
const FILTERS = ['state', 'mechanism', 'theme', 'year'] as const;
type Filter = (typeof FILTERS)[number];
type Facets = NonNullable<Page['facets']>;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescaped = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** The service's snippet (escaped text, matches in <mark>) as nodes, never as markup. */
export function snippetNodes(snippet: string): (string | HTMLElement)[] {
  return snippet
    .split(/(<mark>.*?<\/mark>)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('<mark>') ? h('mark', {}, unescaped(part.slice(6, -7))) : unescaped(part)));
}

/** Full-text search over every recommendation, ranked, with facets that narrow it. */
export function searchView(main: HTMLElement, route: Route): View {
  let q = route.params.get('q') ?? '';
  const filters: Record<Filter, string> = Object.fromEntries(
    FILTERS.map((f) => [f, route.params.get(f) ?? '']),
  ) as Record<Filter, string>;
  const input = h('input', { id: 'search-q', type: 'search', name: 'q', value: q, autocomplete: 'off' });
  const results = h('section', { class: 'search-results', 'aria-live': 'polite', 'aria-busy': 'false' });
  const facetsBox = h('aside', { class: 'facets', 'aria-label': t.search.narrow });
  const remember = () => rememberParams('/search', { q, ...filters });

  const run = async () => {
    remember();
    if (q.trim() === '') {
      fill(results, h('p', { class: 'hint' }, t.search.hint));
      fill(facetsBox);
      return;
    }
    results.setAttribute('aria-busy', 'true');
    const asked = {
      q,
      limit: '20',
      state: filters.state || undefined,
      mechanism: filters.mechanism || undefined,
      theme: filters.theme || undefined,
      yearFrom: filters.year || undefined,
      yearTo: filters.year || undefined,
    };
    try {
      const first = await api.recommendations(asked);
      const shown = [...first.items];
      const list = h('ol', { class: 'hits' });
      const more = h('p', {});
      const draw = (page: Page) => {
        list.append(...page.items.map(hit));
        fill(
          more,
          page.next &&
            h(
              'button',
              {
                type: 'button',
                class: 'more',
                onclick: async () => {
                  const next = await api.recommendations({ ...asked, cursor: page.next ?? undefined });
                  shown.push(...next.items);
                  draw(next);
                },
              },
              t.search.more,
            ),
        );
      };
      const facets = first.facets!;
      fill(results, h('p', { class: 'found', role: 'status' }, t.search.found(formatCount(facets.total))), list, more);
      draw(first);
      drawFacets(facets);
    } catch (error) {
      // The words typed are not a query the service reads: say how to write one (the service's own reason names
      // its search engine's grammar), beside them, and let them be corrected.
      if (!(error instanceof ApiError && error.status === 400)) throw error;
      fill(results, h('p', { class: 'error', role: 'alert' }, t.search.unreadable));
      fill(facetsBox);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  };

  const hit = (r: Page['items'][number]) =>
    h(
      'li',
      { 'data-id': r.id },
      h(
        'p',
        { class: 'hit-head' },
        h('a', { href: `#/recommendations/${encodeURIComponent(r.id)}` }, `${r.symbol} ¶${r.paragraph}`),
        ' ',
        h('span', { class: 'tag' }, r.mechanism),
        ' ',
        h('a', { href: `#/states/${r.state}` }, stateName(r.state)),
        ` · ${formatDay(r.issuedOn)} · `,
        h('span', { class: `status ${r.status}` }, t.statuses[r.status]),
      ),
      h('p', { class: 'snippet' }, r.match ? snippetNodes(r.match.snippet) : r.text),
    );

  const drawFacets = (facets: Facets) => {
    const group = (filter: Filter, values: Facets['state'], label = (v: string) => v) =>
      h(
        'section',
        { class: 'facet', 'data-facet': filter },
        h('h2', {}, t.search.facets[filter]),
        filters[filter]
          ? h(
              'p',
              {},
              h('strong', {}, label(filters[filter])),
              ' ',
              h('button', { type: 'button', class: 'clear', onclick: () => set(filter, '') }, t.search.any[filter]),
            )
          : h(
              'ul',
              {},
              values
                .slice(0, 12)
                .map((facet) =>
                  h(
                    'li',
                    {},
                    h(
                      'button',
                      { type: 'button', 'data-value': facet.value, onclick: () => set(filter, facet.value) },
                      label(facet.value),
                    ),
                    ' ',
                    h('span', { class: 'count' }, formatCount(facet.count)),
                  ),
                ),
            ),
      );
    fill(
      facetsBox,
      group('mechanism', facets.mechanism),
      group('state', facets.state, stateName),
      group('theme', facets.theme),
      group('year', facets.year),
    );
  };

  const set = (filter: Filter, value: string) => {
    filters[filter] = value;
    void run();
  };

  const form = h(
    'form',
    {
      class: 'controls search',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        q = input.value;
        void run();
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'search-q' }, t.search.label), input),
    h('button', { type: 'submit' }, t.search.button),
  );

  let drawn = false;
  return {
    async refresh() {
      if (!drawn) {
        fill(main, h('h1', {}, t.search.heading), form, h('div', { class: 'search-layout' }, facetsBox, results));
        drawn = true;
      }
      await run();
    },
  };
}
