import t from 'tap';
import { noBrowser, screenshot, settled } from './page.js';
import { assertClean, openDashboard } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers, compared field by field with the page
type Json = any;

t.test(
  'the search page in a real browser: ranked hits, highlighted words, facets that narrow',
  { skip: noBrowser },
  async (t) => {
    const dashboard = await openDashboard(t);
    const { server, page, visit } = dashboard;

    await visit('#/');
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await settled(page);
    t.match(page.url(), /#\/search$/);
    await page.getByLabel('Search the recommendations').fill('TORTURE');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.search-results[aria-busy="false"] .found').waitFor();
    t.match(page.url(), /#\/search\?q=TORTURE$/);

    const answer: Json = await server.read('/v1/recommendations?q=TORTURE&limit=20');
    t.ok(answer.facets.total > 0, 'the demo has recommendations on torture');
    t.equal(await page.locator('.found').textContent(), `${answer.facets.total.toLocaleString('en')} found`);
    t.same(
      await page.locator('ol.hits > li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id'))),
      answer.items.map((item: Json) => item.id),
      'the hits in the order of the API, best first',
    );
    const marked = await page.locator('ol.hits mark').allTextContents();
    t.ok(marked.length > 0, 'matched words are marked');
    for (const word of marked) t.match(word.toLowerCase(), /tortur/);
    t.same(
      await page
        .locator('[data-facet="state"] li button')
        .evaluateAll((b) => b.map((e) => e.getAttribute('data-value'))),
      answer.facets.state.slice(0, 12).map((f: Json) => f.value),
      'State facet as counted by the API',
    );
    await screenshot(page, 'search');

    const mechanism = answer.facets.mechanism[0];
    await page.locator(`[data-facet="mechanism"] button[data-value="${mechanism.value}"]`).click();
    await page.locator('[data-facet="mechanism"] strong').waitFor();
    await page.locator('.search-results[aria-busy="false"] .found').waitFor();
    t.match(page.url(), new RegExp(`mechanism=${mechanism.value}`));
    t.equal(await page.locator('.found').textContent(), `${mechanism.count.toLocaleString('en')} found`, 'narrowed');
    await page.getByRole('button', { name: 'Any mechanism' }).click();
    await page.locator('[data-facet="mechanism"] li').first().waitFor();
    t.equal(await page.locator('.found').textContent(), `${answer.facets.total.toLocaleString('en')} found`);

    await visit('#/search?q=%22unterminated');
    await page.getByRole('alert').waitFor();
    const explained = await page.getByRole('alert').textContent();
    t.match(explained, /cannot be read: close every quote and bracket/, 'a malformed query explained');
    t.notMatch(explained, /unterminated|fts5|syntax error/, "in the dashboard's words, not the search engine's");

    const refused = dashboard.refused.splice(0);
    t.same(refused, ['400 /v1/recommendations'], 'only the malformed query was refused');
    assertClean(t, dashboard);
  },
);
