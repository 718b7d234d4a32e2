import t from 'tap';
import { metrics, noBrowser, settled } from './page.js';
import { assertClean, openDashboard } from './server.js';

// Uzbekistan's paragraph 9 (illustrative, in the test server): selected for follow-up, due 6 December 2020.
const UZB_9 = 'cat-c-uzb-co-5-9';

t.test("a recommendation's follow-up dialogue and standing in a real browser", { skip: noBrowser }, async (t) => {
  const dashboard = await openDashboard(t);
  const { server, page, visit } = dashboard;
  const { secretariat } = server.tokens;
  const before = await server.read(`/v1/recommendations/${UZB_9}`);

  await server.write(`/v1/recommendations/${UZB_9}/follow-up-reminders`, secretariat, {
    sentOn: '2021-01-04',
    symbol: 'CAT/OHCHR/REM/UZB/1',
  });
  await server.write(`/v1/recommendations/${UZB_9}/further-information-requests`, secretariat, {
    requestedOn: '2021-06-01',
    replyBy: '2021-09-01',
  });
  await server.write(`/v1/recommendations/${UZB_9}/follow-up-closure`, secretariat, { closedOn: '2022-02-01' });

  await visit(`#/recommendations/${UZB_9}`);
  await settled(page);
  const served = await server.read(`/v1/recommendations/${UZB_9}`);
  t.equal(served.followUp.standing, 'closed', 'the API says closed');
  t.equal(await page.locator('[data-fact="standing"]').getAttribute('data-standing'), 'closed');
  t.equal(await page.locator('[data-fact="standing"]').textContent(), 'Procedure closed');

  const steps = page.locator('[data-fact="dialogue"] li');
  t.same(
    await steps.evaluateAll((items) => items.map((item) => item.getAttribute('data-kind'))),
    served.followUp.dialogue.map((step: { kind: string }) => step.kind),
    'one line per step, in the order the API lists them',
  );
  const words = await steps.allTextContents();
  t.ok(words.includes('Reminder sent on 4 Jan 2021. CAT/OHCHR/REM/UZB/1'), 'the reminder, with its symbol', { words });
  t.match(
    words.join('\n'),
    /^Further information requested on 1 Jun 2021, due 1 Sept? 2021\.$/m,
    'the request and the day its answer is due',
  );
  t.ok(words.includes('Procedure closed on 1 Feb 2022.'), 'the closure', { words });
  t.ok(before.followUp.standing !== 'closed', 'it was not closed before');

  const audit = await page.locator('ol.timeline').textContent();
  t.match(audit, 'Reminder sent on 4 Jan 2021.', 'the audit trail names the reminder');
  t.match(audit, 'Procedure closed on 1 Feb 2022.', 'and the closure');

  // The State's page parts its follow-ups as the status does, on the day asked: closed now, overdue before.
  for (const [asOf, expected] of [
    ['2022-02-01', { 'followUp.closed': 1, 'followUp.overdue': 0 }],
    ['2021-06-01', { 'followUp.closed': 0, 'followUp.overdue': 1 }],
  ] as const) {
    await visit(`#/states/UZB?asOf=${asOf}`);
    await settled(page);
    const counts = await metrics(page, '.counts');
    t.match(counts, { ...expected, 'followUp.pending': 0, 'followUp.repliedLate': Number }, asOf);
    const status = await server.read(`/v1/states/UZB/status?asOf=${asOf}`);
    t.equal(counts['followUp.repliedLate'], status.followUp.repliedLate, `${asOf}: replied late as the API counts it`);
  }
  assertClean(t, dashboard);
});
