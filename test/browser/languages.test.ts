/**
 * The dashboard in English, French and Spanish, chosen by the browser or by the switch; and on a phone: the rough
 * edges a new user met (bars, shares, the date, empty panels, grades, replies, the list's day).
 */
import type { Browser } from 'playwright-core';
import t from 'tap';
import { noBrowser, screenshot, settled, sidewaysOverflow } from './page.js';
import { assertClean, openDashboard } from './server.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers, compared field by field with the page
type Json = any;

const ID = 'cat-c-kaz-co-4-10';
const FRENCH = 'L’État partie devrait aligner la définition de la torture sur l’article premier de la Convention.';
const words = (language: string, day: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));

const LANGUAGES = [
  { locale: 'en-GB', language: 'en', heading: 'Implementation status by State', kazakhstan: 'Kazakhstan' },
  { locale: 'fr-FR', language: 'fr', heading: 'État de la mise en œuvre par État', kazakhstan: 'Kazakhstan' },
  { locale: 'es-ES', language: 'es', heading: 'Estado de aplicación por Estado', kazakhstan: 'Kazajistán' },
] as const;

async function pageIn(browser: Browser, locale: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

t.test('the dashboard in the three languages of the UHRI, and on a phone', { skip: noBrowser }, async (t) => {
  const dashboard = await openDashboard(t);
  const { server, browser } = dashboard;
  await server.write(`/v1/recommendations/${ID}/translations`, server.tokens.secretariat, {
    language: 'fr',
    text: FRENCH,
  });
  await server.write('/v1/recommendations/cat-c-uzb-co-5-9/follow-up-replies', server.tokens.uzb, {
    receivedOn: '2021-01-10',
  });
  await server.write('/v1/recommendations/cat-c-uzb-co-5-9/assessments', server.tokens.secretariat, {
    grade: 'C',
    assessedOn: '2021-06-01',
    comment: 'Illustrative: no investigation opened yet.',
  });

  for (const { locale, language, heading, kazakhstan } of LANGUAGES) {
    await t.test(`in ${language}, as the browser asks (${locale})`, async (t) => {
      const { context, page, errors } = await pageIn(browser, locale);
      t.teardown(() => context.close());
      await page.goto(`${server.base}/`);
      await settled(page);
      t.equal(await page.locator('html').getAttribute('lang'), language);
      t.equal(await page.locator('h1').textContent(), heading);
      t.equal(await page.getByLabel(/^(Language|Langue|Idioma)$/).inputValue(), language, 'the switch shows it');

      await page.goto(`${server.base}/#/states/KAZ?asOf=2024-05-13`);
      await settled(page);
      t.match(await page.locator('h1').textContent(), kazakhstan, 'the State named in the language');
      t.equal(await page.locator('#as-of-words').textContent(), words(language, '2024-05-13'), 'the day in words');
      t.match(await page.locator('#as-of-hint').textContent(), words(language, '2024-05-13'));
      await screenshot(page, `state-${language}`);

      await page.goto(`${server.base}/#/recommendations/${ID}`);
      await settled(page);
      const served: Json = await server.read(`/v1/recommendations/${ID}?lang=${language}`);
      t.equal(await page.locator('blockquote.text').textContent(), served.text, 'the text the API serves for it');
      t.equal(await page.locator('blockquote.text').getAttribute('lang'), served.language);
      if (language === 'fr') t.equal(served.text, FRENCH);
      t.equal(
        await page.locator('[data-untranslated]').count(),
        language === 'es' ? 1 : 0,
        'an untranslated text says it is the original',
      );
      const reply = words(language, served.followUp.repliedOn);
      t.match(await page.locator('[data-fact="follow-up"]').textContent(), reply, "the reply's day");
      t.same(errors, []);
    });
  }

  await t.test('the switch changes the language and is remembered', async (t) => {
    const { context, page } = await pageIn(browser, 'en-GB');
    t.teardown(() => context.close());
    await page.goto(`${server.base}/#/states/KAZ`);
    await settled(page);
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Language').selectOption('es')]);
    await settled(page);
    t.equal(await page.locator('html').getAttribute('lang'), 'es');
    t.match(await page.locator('h1').textContent(), /Kazajistán/);
    await page.goto(`${server.base}/`);
    await settled(page);
    t.equal(await page.locator('h1').textContent(), 'Estado de aplicación por Estado', 'remembered');
  });

  await t.test('the rough edges: grades, comments, replies, bars, shares, empty panels, the list’s day', async (t) => {
    const { context, page } = await pageIn(browser, 'en-GB');
    t.teardown(() => context.close());
    await page.goto(`${server.base}/#/states/KAZ`);
    await settled(page);
    const assessed = page.locator(`tr[data-id="${ID}"] td[data-column="assessment"]`);
    t.equal(await assessed.textContent(), 'Partially satisfactory (B)', 'the grade once');
    t.equal(await page.locator('[data-past-day]').getAttribute('data-past-day'), 'false');

    await page.getByLabel('Status as of').fill('2024-05-13');
    await page.locator('[data-past-day="true"]').waitFor();
    t.match(
      await page.locator('[data-past-day="true"]').textContent(),
      /shows the status today, .*, not on 13 May 2024/,
      'a past day: the list says it shows today',
    );

    const widths = await page
      .locator('svg.bar rect.seg')
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
    t.ok(widths.length > 0 && widths.every((w) => w >= 3), 'every segment of a count above zero is visible');
    const shares = await page
      .locator('.cards .card')
      .evaluateAll((cards) =>
        cards.map((c) => [c.querySelector('[data-metric]')?.textContent, c.querySelector('.muted')?.textContent]),
      );
    for (const [value, share] of shares) {
      if (Number(value) > 0) t.notMatch(share ?? '', /^\s*0\s?%/, `a count of ${value} never reads 0 %`);
    }

    await page.goto(`${server.base}/#/states/UZB`);
    await settled(page);
    t.equal(await page.locator('[data-empty="upr"]').count(), 1, 'no UPR recommendation: the panel says so');
    await page.goto(`${server.base}/#/recommendations/cat-c-uzb-co-5-9`);
    await settled(page);
    t.equal(
      await page.locator('[data-fact="assessment"]').evaluate((e) => e.firstChild?.textContent),
      'Not satisfactory (C), assessed on 1 Jun 2021',
    );
    t.equal(
      await page.locator('[data-fact="assessment-comment"]').textContent(),
      'Illustrative: no investigation opened yet.',
      "the assessment's comment",
    );
    t.match(await page.locator('[data-fact="follow-up"]').textContent(), 'replied on 10 Jan 2021');
  });

  await t.test('on a phone the key columns are on screen, without sideways scrolling', async (t) => {
    const { context, page } = await pageIn(browser, 'en-GB', { width: 375, height: 812 });
    t.teardown(() => context.close());
    await page.goto(`${server.base}/#/states/KAZ`);
    await settled(page);
    t.equal(await sidewaysOverflow(page), 0, 'the page does not scroll sideways');
    for (const column of ['status', 'follow-up', 'assessment']) {
      const box = await page.locator(`table.recommendations td[data-column="${column}"]`).first().boundingBox();
      t.ok(box && box.x >= 0 && box.x + box.width <= 375, `${column} is on screen`);
    }
    await screenshot(page, 'list-phone');
    await page.goto(`${server.base}/`);
    await settled(page);
    await screenshot(page, 'overview-phone');
    const overdue = await page.locator('table.states td[data-metric="overdue"]').first().boundingBox();
    t.ok(overdue && overdue.x + overdue.width <= 375, 'the overdue column of the States is on screen');
    t.equal(await page.locator('table.states th.minor').first().isVisible(), false, 'the detail columns give way');
  });

  assertClean(t, dashboard);
});
