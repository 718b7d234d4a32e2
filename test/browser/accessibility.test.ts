import t from 'tap';
import { focused, lowContrastText, noBrowser, screenshot, settled, sidewaysOverflow, unnamedControls } from './page.js';
import { assertClean, openDashboard } from './server.js';

const VIEWS = ['', '#/states/KAZ', '#/recommendations/cat-c-kaz-co-4-10'];
const named = (hash: string) => hash || 'the overview';

t.test('the dashboard by keyboard, for screen readers and on a phone', { skip: noBrowser }, async (t) => {
  const dashboard = await openDashboard(t);
  const { server, browser, page, visit } = dashboard;

  await t.test('keyboard: skip link, visible focus, sorting and following a link', async (t) => {
    await visit('');
    await page.keyboard.press('Tab');
    t.equal((await focused(page))?.text, 'Skip to content', 'the first stop skips to the content');
    await page.keyboard.press('Enter');
    t.equal((await focused(page))?.id, 'main');
    await page.keyboard.press('Tab');
    const control = await focused(page);
    t.equal(control?.id, 'overview-mechanism', 'then the first control');
    t.not(control?.outline, 'none', 'focus is visible');

    await page.locator('button[data-sort="overdue"]').focus();
    await page.keyboard.press('Enter');
    t.equal(await page.locator('th:has(button[data-sort="overdue"])').getAttribute('aria-sort'), 'descending');
    t.equal((await focused(page))?.text.startsWith('Follow-up overdue'), true, 'focus stays on the sort button');

    await page.getByRole('link', { name: 'Kazakhstan' }).focus();
    await page.keyboard.press('Enter');
    await settled(page);
    t.match(page.url(), /#\/states\/KAZ$/, 'Enter on a State opens it');
    t.equal((await focused(page))?.id, 'main', 'and the focus starts at the new view');
  });

  await t.test('every control has a name, every text enough contrast, every bar a text alternative', async (t) => {
    for (const hash of VIEWS) {
      await visit(hash);
      t.same(await unnamedControls(page), [], `${named(hash)}: every control has a name`);
      t.equal(await page.locator('h1').count(), 1, `${named(hash)}: one main heading`);
      t.same(await lowContrastText(page), [], `${named(hash)}: all text contrasts at least 4.5:1 (3:1 when large)`);
      const bars = page.locator('svg.bar');
      t.equal(
        await bars.count(),
        await page.locator('svg.bar[role="img"][aria-label]').count(),
        `${named(hash)}: every bar has a text alternative`,
      );
    }
  });

  await t.test('phone width: nothing scrolls the page sideways', async (t) => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    t.teardown(() => phone.close());
    for (const hash of VIEWS) {
      await phone.goto(`${server.base}/${hash}`);
      await settled(phone);
      if (hash === '#/states/KAZ') await screenshot(phone, 'state-phone', false);
      t.equal(await sidewaysOverflow(phone), 0, `${named(hash)}: no sideways scrolling of the page`);
    }
  });

  assertClean(t, dashboard);
});
