import { strFromU8, unzipSync } from 'fflate';
import t from 'tap';
import { metrics, noBrowser, screenshot, settled } from './page.js';
import { assertClean, openDashboard } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers, compared field by field with the page
type Json = any;
const ASOF = '2025-01-15';

t.test(
  'the plan view and an institution to-do view in a real browser, on the demo plan',
  { skip: noBrowser },
  async (t) => {
    const dashboard = await openDashboard(t);
    const { server, page, visit } = dashboard;

    await t.test("a State's plan: clusters, institutions, actions on a timeline, indicators as charts", async (t) => {
      await visit('#/states/KAZ');
      await page.getByRole('link', { name: 'Implementation plan and drafted report' }).click();
      await settled(page);
      t.match(page.url(), /#\/states\/KAZ\/plan$/);
      await page.getByLabel('Plan as of').fill(ASOF);
      await page.getByLabel('Plan as of').dispatchEvent('change');
      await page.locator('.plan[aria-busy="false"]').waitFor();
      await page.getByText(`As it stood on 15 Jan 2025`).waitFor();
      t.match(page.url(), /asOf=2025-01-15/);
      const plan: Json = await server.read(`/v1/states/KAZ/plan?asOf=${ASOF}`);

      t.equal(await page.locator('article.cluster').count(), plan.clusters.length);
      const cluster = page.locator('article.cluster').first();
      t.equal(await cluster.locator('h3').textContent(), `${plan.clusters[0].title} · ${plan.clusters[0].theme}`);
      t.same(
        await cluster.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id'))),
        plan.clusters[0].members.map((m: Json) => m.id),
        'the members, CAT and UPR',
      );
      t.match(await cluster.textContent(), 'UPR');

      for (const institution of plan.institutions) {
        t.same(
          await metrics(page, `tr[data-institution="${institution.id}"]`),
          {
            lead: institution.lead.length,
            support: institution.support.length,
            actions: institution.actions.count,
            late: institution.actions.late.length,
          },
          `${institution.name}: its counts`,
        );
      }
      t.equal(await page.locator('svg.timeline rect.span').count(), plan.actions.length, 'one bar per action');
      const late = plan.actions.filter((a: Json) => a.late);
      t.equal(await page.locator('svg.timeline rect.span.late').count(), late.length);
      t.equal(await page.locator('table.actions tbody tr.late').count(), late.length);
      t.ok(late.length > 0, 'the demo has a late action on that day');
      t.equal(await page.locator('figure.indicator').count(), plan.indicators.length);
      t.equal(
        await page.locator('figure.indicator [data-track]').first().getAttribute('data-track'),
        plan.indicators[0].track,
      );
      await screenshot(page, 'plan');

      const href = await page.getByRole('link', { name: /Download the drafted progress report/ }).getAttribute('href');
      t.equal(href, `/v1/states/KAZ/progress-report?asOf=${ASOF}&format=docx`);
      const response = await fetch(server.base + href);
      t.equal(response.status, 200);
      const xml = strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))['word/document.xml']!);
      t.match(xml, 'Torture prevention');
      t.match(xml, 'Prosecutor-General');
    });

    await t.test("an institution's to-do: late actions first", async (t) => {
      await page.getByRole('link', { name: 'Ministry of Internal Affairs' }).first().click();
      await settled(page);
      t.match(page.url(), /#\/institutions\/kaz-ministry-of-internal-affairs$/);
      t.equal(await page.locator('h1').textContent(), 'Ministry of Internal Affairs');
      const todo: Json = await server.read('/v1/institutions/kaz-ministry-of-internal-affairs/todo');
      t.same(
        await page
          .locator('table.actions tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
        todo.actions.map((a: Json) => a.id),
      );
      t.equal(await page.locator('table.actions tbody tr').first().getAttribute('class'), 'late', 'late first');
      t.equal(await page.locator('ul.members li').count(), todo.recommendations.length);
      await screenshot(page, 'institution-todo');
    });

    assertClean(t, dashboard);
  },
);
