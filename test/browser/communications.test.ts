import t from 'tap';
import { launch, noBrowser, settled } from './page.js';
import { assertClean, openDashboard } from './server.js';

// Illustrative letters to Kazakhstan, not real ones: the allegation letter's reply is due 10 March 2024, the
// urgent appeal's 1 April 2024; the State answers the letter late, on 2 April.
const letters = [
  { reference: 'AL KAZ 1/2024', state: 'KAZ', mandates: ['torture', 'human-rights-defenders'], sentOn: '2024-01-10' },
  { reference: 'UA KAZ 2/2024', state: 'KAZ', mandates: ['expression'], sentOn: '2024-02-01' },
];

t.test("a State's communications awaiting a reply, on both sides of each due day", { skip: noBrowser }, async (t) => {
  const dashboard = await openDashboard(t);
  const { server, page, visit } = dashboard;
  for (const letter of letters) await server.write('/v1/communications', server.tokens.secretariat, letter);
  await server.write('/v1/communications/al-kaz-1-2024/replies', server.tokens.kaz, { receivedOn: '2024-04-02' });

  const rows = () =>
    page
      .locator('table.communications-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-communication'), tr.getAttribute('data-standing')]));
  const shownOn = async (asOf: string) => {
    await visit(`#/states/KAZ?asOf=${asOf}`);
    await page.locator('.communications [aria-busy="false"]').waitFor();
    return rows();
  };

  t.strictSame(await shownOn('2024-01-09'), [], 'nothing sent yet');
  t.equal(
    await page.locator('[data-empty="communications"]').textContent(),
    'No communication awaits a reply on this day.',
  );
  t.strictSame(await shownOn('2024-03-10'), [
    ['al-kaz-1-2024', 'pending'],
    ['ua-kaz-2-2024', 'pending'],
  ]);
  t.strictSame(await shownOn('2024-03-11'), [
    ['al-kaz-1-2024', 'overdue'],
    ['ua-kaz-2-2024', 'pending'],
  ]);
  const overdue = page.locator('tr[data-communication="al-kaz-1-2024"] td.alert');
  t.equal(await overdue.textContent(), 'Overdue', 'overdue in words, not colour alone');
  const row = await page.locator('tr[data-communication="al-kaz-1-2024"]').textContent();
  t.match(row, /AL KAZ 1\/2024/);
  t.match(row, /Allegation letter/);
  t.match(row, /torture, human-rights-defenders/);
  t.equal(
    await page.locator('[data-summary="communications"]').textContent(),
    '2 sent by this day: 2 awaiting a reply, of which 1 overdue; 0 replied late.',
  );
  t.strictSame(await shownOn('2024-04-02'), [['ua-kaz-2-2024', 'overdue']], 'the letter was answered that day');
  t.equal(
    await page.locator('[data-summary="communications"]').textContent(),
    '2 sent by this day: 1 awaiting a reply, of which 1 overdue; 1 replied late.',
  );
  const api = await server.read('/v1/states/KAZ/status?asOf=2024-04-02');
  t.strictSame(api.communications, { sent: 2, pending: 0, overdue: 1, repliedOnTime: 0, repliedLate: 1 });
  assertClean(t, dashboard);

  // The same section in French, as a French browser asks.
  const browser = await launch();
  t.teardown(() => browser.close());
  const context = await browser.newContext({ locale: 'fr-FR' });
  const french = await context.newPage();
  await french.goto(`${server.base}/#/states/KAZ?asOf=2024-03-11`);
  await settled(french);
  await french.locator('.communications [aria-busy="false"]').waitFor();
  t.equal(await french.locator('#communications').textContent(), 'Communications en attente de réponse');
  t.equal(await french.locator('tr[data-communication="al-kaz-1-2024"] td.alert').textContent(), 'En retard');
});
