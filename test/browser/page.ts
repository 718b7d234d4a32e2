/** Driving Debian's Chromium with playwright-core, and reading what the dashboard shows. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false when they can. */
export const noBrowser: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) to run the browser tests`;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Screenshots go to .tap/screenshots; with UPDATE_SCREENSHOTS=1, to docs/screenshots as well (for the README). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const folders = [join(process.cwd(), '.tap', 'screenshots')];
  if (process.env.UPDATE_SCREENSHOTS === '1') folders.push(join(process.cwd(), 'docs', 'screenshots'));
  let first = '';
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${name}.png`);
    await page.screenshot({ path, fullPage });
    first ||= path;
  }
  return first;
}

/** Waits until the view in the address has drawn its data. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('[aria-busy="true"]', { state: 'detached' }).catch(() => undefined);
}

/** The numbers marked data-metric inside `scope`, by name. */
export async function metrics(page: Page, scope: string): Promise<Record<string, number>> {
  const pairs = await page
    .locator(`${scope} [data-metric]`)
    .evaluateAll((elements) => elements.map((e) => [e.getAttribute('data-metric'), e.textContent]));
  return Object.fromEntries(pairs.map(([key, text]) => [key, Number(text)]));
}

/** A State status flattened to the same names (byStatus.implemented, followUp.overdue, …). */
export function flatten(status: Record<string, unknown>, prefix = ''): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [key, value] of Object.entries(status)) {
    if (typeof value === 'number') flat[prefix + key] = value;
    else if (value && typeof value === 'object' && key !== 'byMechanism') {
      Object.assign(flat, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    }
  }
  return flat;
}

/** The subset of `all` named like the keys of `shown`. */
export const pick = (all: Record<string, number>, shown: Record<string, number>) =>
  Object.fromEntries(Object.keys(shown).map((key) => [key, all[key]]));

/** The few DOM names the page-side callbacks use: the tests compile without the DOM library. */
interface PageElement {
  id: string;
  textContent: string | null;
  outerHTML: string;
  labels?: { length: number } | null;
  getAttribute(name: string): string | null;
}
interface PageWindow {
  document: {
    activeElement: PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
  getComputedStyle(element: PageElement): { outlineStyle: string };
}

/** Waits until `selector` matches exactly `count` elements (views redraw after their fetches). */
export async function countIs(page: Page, selector: string, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([s, n]) => (globalThis as unknown as PageWindow).document.querySelectorAll(s).length === n,
    [selector, count] as const,
    { timeout },
  );
}

/** The focused element: its id, its text and whether its focus outline shows. */
export function focused(page: Page): Promise<{ id: string; text: string; outline: string } | null> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    const e = w.document.activeElement;
    return e ? { id: e.id, text: (e.textContent ?? '').trim(), outline: w.getComputedStyle(e).outlineStyle } : null;
  });
}

/** Controls and links that have neither a label, nor an aria-label, nor text. */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      (globalThis as unknown as PageWindow).document.querySelectorAll('input, select, textarea, button, a[href]'),
    )
      .filter((e) => !e.labels?.length && !e.getAttribute('aria-label') && !(e.textContent ?? '').trim())
      .map((e) => e.outerHTML),
  );
}

/** How far the page itself scrolls sideways (0 when it fits the viewport). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageWindow).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

interface StyledElement {
  tagName: string;
  textContent: string | null;
  parentElement: StyledElement | null;
  childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
}
interface StyledWindow {
  document: { body: StyledElement; querySelectorAll(selector: string): ArrayLike<StyledElement> };
  getComputedStyle(element: StyledElement): {
    color: string;
    backgroundColor: string;
    fontSize: string;
    fontWeight: string;
  };
}

/** Text whose contrast against its background is below WCAG AA (4.5:1, or 3:1 for large text). */
export function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = globalThis as unknown as StyledWindow;
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
    };
    const background = (element: StyledElement | null): number[] => {
      for (let e = element; e; e = e.parentElement) {
        const color = rgb(w.getComputedStyle(e).backgroundColor);
        if (color.length === 3 || (color[3] ?? 0) > 0) return color;
      }
      return [255, 255, 255];
    };
    const failures: string[] = [];
    for (const element of Array.from(w.document.querySelectorAll('body *'))) {
      const ownText = Array.from(element.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim());
      if (!ownText || ['SCRIPT', 'STYLE', 'TITLE', 'OPTION'].includes(element.tagName.toUpperCase())) continue;
      const style = w.getComputedStyle(element);
      const [a, b] = [luminance(rgb(style.color)), luminance(background(element))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        failures.push(`${element.tagName} "${(element.textContent ?? '').trim().slice(0, 40)}": ${ratio.toFixed(2)}`);
    }
    return failures;
  });
}
