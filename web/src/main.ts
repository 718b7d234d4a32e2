import './styles.css';
import { ApiError } from './api.js';
import { fill, h } from './dom.js';
import { stateName } from './format.js';
import { startLive } from './live.js';
import { currentRoute, type View } from './route.js';
import { institutionView } from './views/institution.js';
import { overviewView } from './views/overview.js';
import { planView } from './views/plan.js';
import { recommendationView } from './views/recommendation.js';
import { stateView } from './views/state.js';

const main = document.getElementById('main') as HTMLElement;
let view: View | undefined;

function explain(error: unknown): void {
  const detail =
    error instanceof ApiError
      ? error.status === 401 || error.status === 403
        ? 'This service asks for a token to read its data; the dashboard shows public data only.'
        : error.status === 404
          ? `Not found: ${error.message}`
          : `The service answered ${error.status}: ${error.message}`
      : 'The service could not be reached. Check the connection and reload the page.';
  fill(
    main,
    h('h1', {}, 'Nothing to show'),
    h('p', { class: 'error', role: 'alert' }, detail),
    h('p', {}, h('a', { href: '#/' }, 'Back to all States')),
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
  if (section === 'states' && id && /^[A-Z]{3}$/.test(id) && path[2] === 'plan') {
    document.title = `${stateName(id)}: plan: followup`;
    view = planView(main, { path, params }, id);
  } else if (section === 'institutions' && id) {
    document.title = `Institution ${id}: followup`;
    view = institutionView(main, id);
  } else if (section === 'states' && id && /^[A-Z]{3}$/.test(id)) {
    document.title = `${stateName(id)}: followup`;
    view = stateView(main, { path, params }, id);
  } else if (section === 'recommendations' && id) {
    document.title = `Recommendation ${id}: followup`;
    view = recommendationView(main, id);
  } else {
    document.title = 'States: followup';
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
