import type { Page } from 'playwright-core';
import t from 'tap';
import { countIs, flatten, metrics, noBrowser, pick, screenshot, settled } from './page.js';
import { ADMIN_TOKEN, assertClean, openDashboard } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers, compared field by field with the page
type Json = any;

const dayWords = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

const ids = (page: Page) =>
  page.locator('table.recommendations tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

t.test(
  'the dashboard in a real browser, against the real server with the demo data',
  { skip: noBrowser },
  async (t) => {
    const dashboard = await openDashboard(t);
    const { server, browser, page, visit, refused } = dashboard;

    await t.test('States overview: the numbers of /v1/states and each State status', async (t) => {
      await visit('');
      t.equal(await page.locator('h1').textContent(), 'Implementation status by State');
      const overview: Json = await server.read('/v1/states');
      t.equal(
        await page.locator('table.states tbody tr').count(),
        overview.items.length,
        'one row per State with data',
      );
      for (const item of overview.items) {
        const status: Json = await server.read(`/v1/states/${item.state}/status`);
        t.same(
          await metrics(page, `tr[data-state="${item.state}"]`),
          { recommendations: item.recommendations, ...item.byStatus, overdue: status.followUp.overdue },
          `${item.state}: counts and overdue follow-up`,
        );
      }
      await screenshot(page, 'overview');

      await page.getByRole('button', { name: /^Recommendations/ }).click();
      t.equal(
        await page.locator('th:has(button[data-sort="recommendations"])').getAttribute('aria-sort'),
        'descending',
      );
      const order = await page
        .locator('table.states tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
      const expected = [...overview.items]
        .sort((a: Json, b: Json) => b.recommendations - a.recommendations)
        .map((i: Json) => i.state);
      t.same(order, expected, 'sorted by recommendations, most first');
      t.match(page.url(), /sort=recommendations&dir=desc/, 'the order is in the address');

      await page.getByLabel('Mechanism').selectOption('UPR');
      await countIs(page, 'table.states tbody tr', 1);
      const kaz: Json = await server.read('/v1/states/KAZ/status');
      t.same(
        await metrics(page, 'tr[data-state="KAZ"]'),
        { recommendations: kaz.byMechanism.UPR.recommendations, ...kaz.byMechanism.UPR.byStatus, overdue: 0 },
        'filtered by mechanism: the UPR part of Kazakhstan only',
      );
      await page.getByLabel('Mechanism').selectOption('CCPR');
      await page.getByText('No State has recommendations of the CCPR yet.').waitFor();
      t.pass('a mechanism without data says so');
    });

    await t.test('One State: charts equal the status, for today and for past days', async (t) => {
      await visit('#/');
      await page.getByRole('link', { name: 'Kazakhstan' }).click();
      await settled(page);
      t.match(page.url(), /#\/states\/KAZ$/);
      const check = async (asOf: string) => {
        const status: Json = flatten(await server.read(`/v1/states/KAZ/status?asOf=${asOf}`));
        const cards = await metrics(page, '.cards');
        const counts = await metrics(page, '.counts');
        t.same(cards, pick(status, cards), `${asOf}: key figures`);
        t.same(counts, pick(status, counts), `${asOf}: follow-up, assessment levels and UPR positions`);
        return status;
      };
      const today = new Date().toISOString().slice(0, 10);
      const now = await check(today);
      t.ok(now.recommendations > 0 && now['byLevel.partially_satisfactory'] === 1, 'the data is there');
      const api: Json = await server.read('/v1/states/KAZ/status');
      t.same(await metrics(page, 'tr[data-mechanism="CAT"]'), {
        recommendations: api.byMechanism.CAT.recommendations,
        ...api.byMechanism.CAT.byStatus,
      });
      await screenshot(page, 'state');

      for (const asOf of ['2024-05-12', '2024-05-13', '2023-06-20']) {
        await page.getByLabel('Status as of').fill(asOf);
        await page.locator('#as-of-hint', { hasText: `on ${dayWords(asOf)};` }).waitFor();
        await check(asOf);
        t.match(page.url(), new RegExp(`asOf=${asOf}`), `${asOf} is in the address`);
      }
      await page.getByLabel('Status as of').fill('2019-12-31');
      await page.getByText('No recommendation was in effect on 31 Dec 2019.').waitFor();
      const before = await check('2019-12-31');
      t.equal(before.recommendations, 0, 'before the first recommendation: zeros');
      await page.reload();
      await settled(page);
      t.equal(await page.getByLabel('Status as of').inputValue(), '2019-12-31', 'a reload keeps the day');
    });

    await t.test('One State: the list filters and pages like the API', async (t) => {
      await visit('#/states/KAZ');
      const all: Json = await server.read('/v1/recommendations?state=KAZ&limit=20');
      t.same(
        await ids(page),
        all.items.map((r: Json) => r.id),
        'first page: the API order',
      );

      await page.getByLabel('Status', { exact: true }).selectOption('in_progress');
      const inProgress: Json = await server.read('/v1/recommendations?state=KAZ&status=in_progress&limit=20');
      await countIs(page, 'table.recommendations tbody tr', inProgress.items.length);
      t.same(
        await ids(page),
        inProgress.items.map((r: Json) => r.id),
        'status filter',
      );
      await page.getByLabel('Status', { exact: true }).selectOption('');

      await page.getByLabel('Theme').fill('Deprivation of liberty');
      await page.getByLabel('Theme').press('Enter');
      const themed: Json = await server.read(
        `/v1/recommendations?state=KAZ&theme=${encodeURIComponent('Deprivation of liberty')}&limit=20`,
      );
      await countIs(page, 'table.recommendations tbody tr', themed.items.length);
      t.same(
        await ids(page),
        themed.items.map((r: Json) => r.id),
        'theme filter',
      );
      await page.getByLabel('Theme').fill('');
      await page.getByLabel('Theme').press('Enter');

      await page.getByLabel('Assessment', { exact: true }).selectOption('partially_satisfactory');
      await countIs(page, 'table.recommendations tbody tr', 1);
      t.same(await ids(page), ['cat-c-kaz-co-4-10'], 'level filter');
      await page.getByLabel('Assessment', { exact: true }).selectOption('');

      await page.getByLabel('Per page').selectOption('5');
      const first: Json = await server.read('/v1/recommendations?state=KAZ&limit=5');
      const second: Json = await server.read(
        `/v1/recommendations?state=KAZ&limit=5&cursor=${encodeURIComponent(first.next)}`,
      );
      await countIs(page, 'table.recommendations tbody tr', 5);
      t.same(
        await ids(page),
        first.items.map((r: Json) => r.id),
        'page 1 of 5',
      );
      await page.getByRole('button', { name: /Next page/ }).click();
      await page.getByText('Page 2:').waitFor();
      t.same(
        await ids(page),
        second.items.map((r: Json) => r.id),
        'page 2 follows the cursor',
      );
      t.equal(
        await page.getByRole('button', { name: /Next page/ }).isDisabled(),
        second.next === null,
        'next page only when there is one',
      );
      await page.getByRole('button', { name: /Previous page/ }).click();
      await page.getByText('Page 1:').waitFor();
      t.same(
        await ids(page),
        first.items.map((r: Json) => r.id),
        'back to page 1',
      );

      await visit('#/states/UZB?overdue=true');
      const overdue: Json = await server.read('/v1/recommendations?state=UZB&overdue=true&limit=20');
      t.ok(overdue.items.length > 0, 'Uzbekistan has an overdue follow-up reply');
      await countIs(page, 'table.recommendations tbody tr', overdue.items.length);
      t.same(
        await ids(page),
        overdue.items.map((r: Json) => r.id),
        'overdue filter, from the address',
      );
      t.equal(await page.getByLabel('Follow-up overdue').inputValue(), 'true', 'the control shows the filter');
    });

    await t.test('One recommendation: text, measures, audit trail and its hash chain', async (t) => {
      await visit('#/states/KAZ');
      await page.getByRole('link', { name: 'CAT/C/KAZ/CO/4 ¶ 10' }).click();
      await settled(page);
      const id = 'cat-c-kaz-co-4-10';
      t.match(page.url(), new RegExp(`#/recommendations/${id}$`));
      const recommendation: Json = await server.read(`/v1/recommendations/${id}`);
      const history: Json = await server.read(`/v1/recommendations/${id}/history`);
      t.equal(await page.locator('blockquote.text').textContent(), recommendation.text);
      t.equal(await page.locator('[data-metric="status"]').getAttribute('class'), `status ${recommendation.status}`);
      t.equal(await page.locator('ul.measures > li').count(), recommendation.measures.length, 'every measure');
      t.same(
        await page
          .locator('ol.timeline > li [data-status]')
          .evaluateAll((e) => e.map((x) => x.getAttribute('data-status'))),
        history.events.map((e: Json) => e.status),
        'one timeline entry per event, with the status after it',
      );
      t.equal(history.integrity.verified, true, 'the API says the chain verifies');
      t.match(await page.locator('[data-integrity]').textContent(), /Hash chain verified/);
      const checkpoint: Json = await server.read('/v1/checkpoints/latest');
      t.equal(await page.locator('[data-checkpoint]').getAttribute('data-checkpoint'), 'covered');
      t.match(
        await page.locator('[data-checkpoint]').textContent(),
        new RegExp(
          `Covered by the checkpoint of ${checkpoint.treeSize} events signed .* \\(key ${checkpoint.keyId}\\)`,
        ),
        'the audit trail says a signed checkpoint covers its events',
      );
      t.equal(
        await page.locator('ol.timeline > li[data-covered="true"]').count(),
        history.events.length,
        'each event is marked as covered',
      );
      t.match(
        await page.locator('ol.timeline').textContent(),
        /by CAT secretariat \(demo\), as secretariat/,
        'who recorded it',
      );
      await screenshot(page, 'recommendation');
    });

    await t.test('Live: an event recorded elsewhere shows up without a reload', async (t) => {
      await visit('#/recommendations/cat-c-kaz-co-4-12-a');
      const before = await page.locator('ol.timeline > li').count();
      await server.write('/v1/recommendations/cat-c-kaz-co-4-12-a/measures', server.tokens.kaz, {
        title: 'Lawyers admitted from the moment of apprehension',
        institution: 'Prosecutor General',
        implementedOn: '2024-06-01',
      });
      await countIs(page, 'ol.timeline > li', before + 1, 20_000);
      t.match(await page.locator('#live').textContent(), /Updated at .* 1 new event/, 'the page says it updated');
      t.notOk(refused.includes('404 /v1/events/stream'), 'through server-sent events');
      t.equal(await page.locator('ul.measures > li').count(), 1, 'the new measure is listed');
      t.equal(
        await page.locator('[data-checkpoint]').getAttribute('data-checkpoint'),
        'partly',
        'the new event is after the latest checkpoint, and the page says so',
      );
      t.equal(await page.locator('ol.timeline > li[data-covered="false"]').count(), 1);
    });

    await t.test('User text is isolated: an override in a name cannot reverse the words after it', async (t) => {
      const issued = await fetch(`${server.base}/v1/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ name: 'Mallory \u202E', role: 'state', states: ['KAZ'] }),
      }).then((response) => response.json() as Promise<Json>);
      await server.write('/v1/recommendations/cat-c-kaz-co-4-12-a/measures', issued.token, {
        title: 'Register of detainees \u202E',
        institution: 'Ministry \u202E of the Interior',
        implementedOn: '2024-08-01',
      });
      await visit('#/recommendations/cat-c-kaz-co-4-12-a');
      await countIs(page, 'ul.measures > li', 2, 20_000);
      // Where the first and the last character of the words after the user's text are drawn: left to right.
      const drawn = (selector: string) =>
        page.locator(selector).evaluate((element) => {
          const name = element.querySelector('bdi');
          const after = name?.nextSibling;
          if (!name || !after || after.nodeType !== 3) return null;
          const at = (offset: number) => {
            const range = element.ownerDocument.createRange();
            range.setStart(after, offset);
            range.setEnd(after, offset + 1);
            return range.getBoundingClientRect().left;
          };
          return { text: after.textContent, first: at(0), last: at((after.textContent ?? '').length - 1) };
        });
      const actor = await drawn('ol.timeline > li:last-child p.when');
      t.match(actor?.text, /^, as State/, 'the role follows the actor name');
      t.ok(actor && actor.first < actor.last, 'the words after the actor name read left to right', { actor });
      const measure = await drawn('ul.measures > li:last-child p.muted');
      t.match(measure?.text, /^, implemented on 1 Aug 2024/, 'the date follows the institution');
      t.ok(measure && measure.first < measure.last, 'the date after the institution reads left to right', { measure });
      t.equal(await page.locator('ol.timeline > li:last-child p.when bdi').textContent(), 'Mallory \u202E');
      await screenshot(page, 'isolated-user-text');
    });

    await t.test('Live without server-sent events: the page polls the log', async (t) => {
      const polling = await browser.newPage();
      t.teardown(() => polling.close());
      // As on a service without the stream route: the page must fall back to GET /v1/events?after=.
      await polling.route('**/v1/events/stream**', (route) => route.fulfill({ status: 404, body: '' }));
      await polling.goto(`${server.base}/#/recommendations/cat-c-kaz-co-4-14`);
      await settled(polling);
      await polling.locator('#live', { hasText: 'Checking for new events' }).waitFor();
      const before = await polling.locator('ol.timeline > li').count();
      await server.write('/v1/recommendations/cat-c-kaz-co-4-14/measures', server.tokens.kaz, {
        title: 'Free legal aid from the first hour of detention',
        institution: 'Ministry of Justice',
        implementedOn: '2024-07-01',
      });
      await countIs(polling, 'ol.timeline > li', before + 1, 20_000);
      t.equal(await polling.locator('ul.measures > li').count(), 1, 'the new measure is listed');
    });

    assertClean(t, dashboard);
  },
);

t.test(
  'a history of several pages: the audit trail follows the cursor to its last event',
  { skip: noBrowser },
  async (t) => {
    // 16 KiB pages, and measures of about 1.5 KB: the history of 31 events comes in several pages.
    const dashboard = await openDashboard(t, { limits: { pageBytes: 16 * 1024 } });
    const { server, page, visit } = dashboard;
    const id = 'cat-c-kaz-co-4-14';
    for (let i = 1; i <= 30; i++) {
      await server.write(`/v1/recommendations/${id}/measures`, server.tokens.kaz, {
        title: `Measure ${i}`,
        institution: 'Ministry of Justice',
        implementedOn: '2024-07-01',
        description: 'm'.repeat(1500),
      });
    }
    const first: Json = await server.read(`/v1/recommendations/${id}/history`);
    t.not(first.next, null, 'the API serves the first page only');
    const statuses: string[] = [];
    let after = -1;
    let pages = 0;
    for (;;) {
      const one: Json = await server.read(`/v1/recommendations/${id}/history?after=${after}`);
      statuses.push(...one.events.map((e: Json) => e.status));
      pages += 1;
      if (one.next === null) break;
      after = one.next;
    }
    t.ok(pages >= 3, `${pages} pages`);
    await visit(`#/recommendations/${id}`);
    t.equal(await page.locator('ol.timeline').getAttribute('data-count'), String(statuses.length), 'every event');
    t.same(
      await page
        .locator('ol.timeline > li [data-status]')
        .evaluateAll((e) => e.map((x) => x.getAttribute('data-status'))),
      statuses,
      'in order, each with the status after it',
    );
    t.match(await page.locator('ol.timeline > li:last-child').textContent(), /Measure 30/, 'down to the last');
    t.match(await page.locator('[data-integrity]').textContent(), /Hash chain verified/, 'every page verifies');
    assertClean(t, dashboard);
  },
);
