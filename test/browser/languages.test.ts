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

  /** The planning and search pages' words in each language, written here as a reader expects them. */
  const PAGES = {
    en: {
      locale: 'en-GB',
      kazakhstan: 'Kazakhstan',
      plan: 'Kazakhstan: implementation plan',
      asOf: 'Plan as of',
      summary: (day: string) => `As it stood on ${day}:`,
      institutions: ['Institution', 'Leads', 'Supports', 'Actions', 'Late'],
      actions: ['Action', 'Institution', 'Start', 'End', 'Status', 'Done'],
      todo: 'To do',
      planOf: 'Kazakhstan: plan',
      search: 'Search',
      label: 'Search the recommendations',
      found: (count: string) => `${count} found`,
      facets: ['Mechanism', 'State', 'Theme', 'Year'],
      unreadable: /^This search cannot be read: close every quote/,
    },
    fr: {
      locale: 'fr-FR',
      kazakhstan: 'Kazakhstan',
      plan: 'Kazakhstan : plan de mise en œuvre',
      asOf: 'Plan au',
      summary: (day: string) => `Au ${day} :`,
      institutions: ['Institution', 'Chef de file', 'En appui', 'Actions', 'En retard'],
      actions: ['Action', 'Institution', 'Début', 'Fin', 'État', 'Réalisé'],
      todo: 'À faire',
      planOf: 'Kazakhstan : plan',
      search: 'Rechercher',
      label: 'Rechercher dans les recommandations',
      found: (count: string) => `${count} résultats`,
      facets: ['Mécanisme', 'État', 'Thème', 'Année'],
      unreadable: /^Cette recherche ne peut pas être lue : fermez chaque guillemet/,
    },
    es: {
      locale: 'es-ES',
      kazakhstan: 'Kazajistán',
      plan: 'Kazajistán: plan de aplicación',
      asOf: 'Plan al',
      summary: (day: string) => `Al ${day}:`,
      institutions: ['Institución', 'Principal', 'De apoyo', 'Acciones', 'Con retraso'],
      actions: ['Acción', 'Institución', 'Inicio', 'Fin', 'Estado', 'Hecho'],
      todo: 'Pendiente',
      planOf: 'Kazajistán: plan',
      search: 'Buscar',
      label: 'Buscar en las recomendaciones',
      found: (count: string) => `${count} resultados`,
      facets: ['Mecanismo', 'Estado', 'Tema', 'Año'],
      unreadable: /^Esta búsqueda no se puede leer: cierre cada comilla/,
    },
  } as const;
  /** English sentences these pages used to show whatever the language: none may be left on a French or Spanish page. */
  const ENGLISH = [
    'implementation plan',
    'Download the drafted progress report',
    'As it stood on',
    'No cluster on this day',
    'Institutions, their recommendations',
    'Actions by planned start',
    '(baseline ',
    ', target ',
    ' on track,',
    'Recommendations it is responsible for',
    'late ones first',
    'More results',
    'No information',
    'Not started',
    'In progress',
  ];

  for (const [language, words_] of Object.entries(PAGES)) {
    const expected = words_ as (typeof PAGES)[keyof typeof PAGES];
    await t.test(`the plan, an institution's to-do and the search page in ${language}`, async (t) => {
      const { context, page, errors } = await pageIn(browser, expected.locale);
      t.teardown(() => context.close());
      const english = async () => {
        if (language === 'en') return [];
        const text = await page.locator('main').innerText();
        return ENGLISH.filter((sentence) => text.includes(sentence));
      };
      const asOf = '2025-01-15';
      const served: Json = await server.read(`/v1/states/KAZ/plan?asOf=${asOf}`);

      await page.goto(`${server.base}/#/states/kaz/plan?asOf=${asOf}`);
      await settled(page);
      t.equal(await page.locator('h1').textContent(), expected.plan, 'the heading; the State code in any case');
      t.match(await page.title(), expected.kazakhstan);
      t.equal(await page.getByLabel(expected.asOf).inputValue(), asOf, 'the day, labelled in the language');
      t.equal(await page.locator('#plan-as-of-words').textContent(), words(language, asOf), 'the day in words');
      t.match(await page.locator('.plan .hint').textContent(), expected.summary(words(language, asOf)));
      t.same(await page.locator('table.institutions thead th').allTextContents(), expected.institutions);
      t.same(await page.locator('table.actions thead th').allTextContents(), expected.actions);
      t.same(await english(), [], 'no English left on the plan');
      t.ok(served.actions.length > 0 && served.indicators.length > 0, 'the demo plan has actions and indicators');
      await screenshot(page, `plan-${language}`);

      await page.goto(`${server.base}/#/institutions/${served.institutions[0].id}`);
      await settled(page);
      t.equal(await page.locator('h2').first().textContent(), expected.todo);
      t.match(await page.locator('.crumbs').textContent(), expected.planOf);
      t.same(await english(), [], 'no English left on the to-do');

      await page.goto(`${server.base}/#/search?q=torture`);
      await settled(page);
      await page.locator('.search-results[aria-busy="false"] .found').waitFor();
      t.equal(await page.locator('h1').textContent(), expected.search);
      t.equal(await page.getByLabel(expected.label).inputValue(), 'torture');
      const answer: Json = await server.read('/v1/recommendations?q=torture&limit=20');
      t.ok(answer.facets.total > 1, 'several found');
      const count = new Intl.NumberFormat(expected.locale).format(answer.facets.total);
      t.equal(await page.locator('.found').textContent(), expected.found(count), 'the count in the language');
      t.same(await page.locator('.facet h2').allTextContents(), expected.facets);
      t.same(await english(), [], 'no English left on the search page');
      await page.goto(`${server.base}/#/search?q=${encodeURIComponent('"torture')}`);
      await settled(page);
      const refusal = page.locator('.search-results p.error');
      await refusal.waitFor();
      t.match(await refusal.textContent(), expected.unreadable, 'a search it cannot read: why, in the language');
      t.notMatch(await refusal.textContent(), /fts5|syntax|unterminated/i, "never the search engine's own words");
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
