import './styles.css';
import { ApiError } from './api.js';
import { fill, h, select } from './dom.js';
import { stateName } from './format.js';
import { chooseLanguage, LANGUAGE_NAMES, LANGUAGES, type Language, language, t } from './i18n.js';
import { startLive } from './live.js';
import { currentRoute, type View } from './route.js';
import { institutionView } from './views/institution.js';
import { overviewView } from './views/overview.js';
import { planView } from './views/plan.js';
import { recommendationView } from './views/recommendation.js';
import { searchView } from './views/search.js';
import { stateView } from './views/state.js';

const main = document.getElementById('main') as HTMLElement;

/** The static page in the chosen language, and the switch between the three. */
function translatePage(): void {
  document.documentElement.lang = language;
  const lookup = (key: string): string | undefined => {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], t);
    return typeof value === 'string' ? value : undefined;
  };
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = lookup(element.dataset.i18n ?? '') ?? element.textContent;
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', lookup(element.dataset.i18nLabel ?? '') ?? '');
  }
  document.querySelector('meta[name="description"]')?.setAttribute('content', t.description);
  const place = document.getElementById('language');
  if (!place) return;
  const choice = select(
    'language-choice',
    t.languageLabel,
    LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]] as const),
    language,
  );
  // Each name in its own language, so that a reader finds theirs whatever the page's.
  for (const option of choice.querySelectorAll('option')) option.lang = option.value;
  choice.querySelector('select')?.addEventListener('change', (event) => {
    chooseLanguage((event.target as HTMLSelectElement).value as Language);
  });
  fill(place, choice);
}
translatePage();
let view: View | undefined;

function explain(error: unknown): void {
  const detail =
    error instanceof ApiError
      ? error.status === 401 || error.status === 403
        ? t.errors.token
        : error.status === 404
          ? t.errors.notFound
          : t.errors.status(error.status)
      : t.errors.unreachable;
  fill(
    main,
    h('h1', {}, t.errors.heading),
    h('p', { class: 'error', role: 'alert' }, detail),
    h('p', {}, h('a', { href: '#/' }, t.errors.back)),
  );
}

/** The element to focus again after a redraw: same id, or a link to the same place. */
function focusKey(): string | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !main.contains(active) || active === main) return undefined;
  if (active.id) return `#${CSS.escape(active.id)}`;
  const href = active.getAttribute('href');
  if (href) return `a[href="${CSS.escape(href)}"]`;
  const sort = active.getAttribute('data-sort');
  return sort ? `[data-sort="${CSS.escape(sort)}"]` : undefined;
}

async function refresh(): Promise<void> {
  const key = focusKey();
  try {
    await view?.refresh();
  } catch (error) {
    explain(error);
  }
  if (key && !main.contains(document.activeElement)) main.querySelector<HTMLElement>(key)?.focus();
}

let routed = 0;
function route(moved: boolean): void {
  if (location.hash && !location.hash.startsWith('#/')) return; // an in-page anchor such as the skip link
  const { path, params } = currentRoute();
  const [section, id] = path;
  // A State's code in any case (#/states/kaz), as the API takes it.
  const code = section === 'states' && id && /^[A-Za-z]{3}$/.test(id) ? id.toUpperCase() : undefined;
  if (code && path[2] === 'plan') {
    document.title = t.titles.plan(stateName(code));
    view = planView(main, { path, params }, code);
  } else if (section === 'institutions' && id) {
    document.title = t.titles.institution(id);
    view = institutionView(main, id);
  } else if (code) {
    document.title = t.titles.state(stateName(code));
    view = stateView(main, { path, params }, code);
  } else if (section === 'search') {
    document.title = t.titles.search;
    view = searchView(main, { path, params });
  } else if (section === 'recommendations' && id) {
    document.title = t.titles.recommendation(id);
    view = recommendationView(main, id);
  } else {
    document.title = t.titles.states;
    view = overviewView(main, { path, params });
  }
  document.documentElement.dataset.view = section ?? 'states';
  const ticket = ++routed;
  void refresh().then(() => {
    if (ticket === routed) document.documentElement.dataset.ready = 'true';
  });
  // Moving to another view (not the first load): keyboards and screen readers start at it, not at the old link.
  if (moved) main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

document.querySelector('[data-skip]')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  document.documentElement.dataset.ready = 'false';
  route(true);
});
route(false);
void startLive(document.getElementById('live'), () => void refresh());
