import t from 'tap';
import { metrics, noBrowser } from './page.js';
import { assertClean, openDashboard } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers, compared field by field with the page
type Json = any;

// Beside the founding case's CAT report (standard procedure: its list of issues and the State's replies), an
// illustrative report to the Human Rights Committee whose successor was due on 26 March 2025.
const CAT = 'cat-c-kaz-4';
const CCPR = 'ccpr-c-kaz-2';
const DUE = '2025-03-26';

t.test("a State's reporting calendar and overdue reports in a real browser", { skip: noBrowser }, async (t) => {
  const dashboard = await openDashboard(t);
  const { server, page, visit } = dashboard;
  const { secretariat, kaz } = server.tokens;
  await server.write(`/v1/reports/${CAT}/list-of-issues`, secretariat, {
    kind: 'list_of_issues',
    symbol: 'CAT/C/KAZ/Q/4',
    adoptedOn: '2022-08-01',
  });
  await server.write(`/v1/reports/${CAT}/list-of-issues-replies`, kaz, {
    symbol: 'CAT/C/KAZ/RQ/4',
    receivedOn: '2023-02-15',
  });
  await server.write('/v1/reports', kaz, {
    state: 'KAZ',
    mechanism: 'CCPR',
    cycle: 2,
    symbol: 'CCPR/C/KAZ/2',
    submittedOn: '2019-02-01',
  });
  await server.write(`/v1/reports/${CCPR}/presentation`, secretariat, {
    session: 131,
    presentedOn: '2021-03-09',
    dialogueEndedOn: '2021-03-10',
  });
  await server.write(`/v1/reports/${CCPR}/concluding-observations`, secretariat, {
    symbol: 'CCPR/C/KAZ/CO/2',
    adoptedOn: '2021-03-26',
    nextReportDue: DUE,
  });

  const show = async (asOf: string) => {
    await visit(`#/states/KAZ?asOf=${asOf}`);
    await page.locator('table.reporting-calendar').waitFor();
    const calendar: Json = await server.read(`/v1/states/KAZ/reporting?asOf=${asOf}`);
    const status: Json = await server.read(`/v1/states/KAZ/status?asOf=${asOf}`);
    return { calendar, status };
  };

  await t.test('on the due day: the next report is due, nothing overdue', async (t) => {
    const { calendar, status } = await show(DUE);
    t.equal(status.reports.overdue, 0);
    t.equal((await metrics(page, 'dl.cards'))['reports.overdue'], 0, 'the key figure');
    t.equal(await page.locator('[data-empty="overdue-reports"]').count(), 1, 'says no report is overdue');
    t.same(
      await page
        .locator('table.reporting-calendar tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-report'))),
      calendar.reports.map((report: Json) => report.reportId),
      'one row per report, as the API lists them',
    );
    const cat = page.locator(`tr[data-report="${CAT}"]`);
    t.match(await cat.textContent(), 'CAT/C/KAZ/Q/4', 'the list of issues');
    t.match(await cat.textContent(), 'CAT/C/KAZ/RQ/4', 'the replies');
    t.match(await cat.textContent(), '15 Feb 2023');
    const ccpr = page.locator(`tr[data-report="${CCPR}"]`);
    t.equal(await ccpr.locator('[data-standing]').getAttribute('data-standing'), 'pending');
    t.match(await ccpr.textContent(), '26 Mar 2025');
  });

  await t.test('the day after: overdue, in the key figures, the list and the calendar', async (t) => {
    const { calendar, status } = await show('2025-03-27');
    t.equal(status.reports.overdue, 1);
    t.equal((await metrics(page, 'dl.cards'))['reports.overdue'], 1);
    const overdue = page.locator('ul.overdue-reports li');
    t.equal(await overdue.count(), calendar.overdue.length);
    t.equal(await overdue.first().getAttribute('data-report'), CCPR);
    t.equal(await overdue.first().getAttribute('data-days'), '1');
    t.match(await overdue.first().textContent(), 'CCPR/C/KAZ/2');
    t.equal(await page.locator(`tr[data-report="${CCPR}"] [data-standing]`).getAttribute('data-standing'), 'overdue');
  });

  await t.test('the same in French and in Spanish, as the browser asks', async (t) => {
    for (const [locale, heading, overdue] of [
      ['fr-FR', 'Calendrier des rapports', 'était attendu le'],
      ['es-ES', 'Calendario de informes', 'debía presentarse el'],
    ] as const) {
      const context = await dashboard.browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
      const other = await context.newPage();
      await visit('#/states/KAZ?asOf=2025-03-27', other);
      await other.locator('table.reporting-calendar').waitFor();
      t.equal(await other.locator('#reporting').textContent(), heading);
      t.match(await other.locator('ul.overdue-reports li').first().textContent(), overdue);
      await context.close();
    }
  });

  await t.test(
    'a recommendation shows its designation, its UPR position with its source, its mid-term reports',
    async (t) => {
      const upr = 'a-hrc-44-10-137-4';
      await server.write(`/v1/recommendations/${upr}/responses`, kaz, {
        position: 'supported',
        respondedOn: '2020-09-24',
        source: { document: 'council_adoption', symbol: 'A/HRC/DEC/45/104' },
      });
      await server.write(`/v1/recommendations/${upr}/mid-term-reports`, kaz, {
        symbol: 'KAZ/UPR/MTR/3',
        submittedOn: '2022-10-03',
      });
      await server.write('/v1/recommendations', secretariat, {
        state: 'KAZ',
        mechanism: 'CRC',
        symbol: 'CRC/C/KAZ/CO/5',
        paragraph: '18',
        text: 'Illustrative: end violence against children.',
        issuedOn: '2019-02-01',
        priority: 'urgent_measures',
      });
      await visit(`#/recommendations/${upr}`);
      t.equal(
        await page.locator('[data-fact="position"]').textContent(),
        'Supported (24 Sept 2020, adoption by the Council A/HRC/DEC/45/104)',
      );
      t.equal(
        await page.locator('[data-fact="mid-term-reports"] li').textContent(),
        'KAZ/UPR/MTR/3, submitted on 3 Oct 2022',
      );
      await visit('#/recommendations/crc-c-kaz-co-5-18');
      t.equal(await page.locator('[data-fact="priority"]').textContent(), 'Urgent measures (CRC)');
    },
  );

  assertClean(t, dashboard);
});
