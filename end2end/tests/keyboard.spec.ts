import { expect, Page, test } from '@playwright/test';
import { PROJECTS, settingsPath } from './support/projects';
import {
  apiTab, dashboardOf, importPreview, kafkaTab, newSourceForm, PageState, projectsList, requestForm, sourcesSelected,
} from './support/states';

// Everything works from the keyboard: on each page, Tab reaches every
// control a pointer can use, in turn, and the control with the focus is
// always outlined.
const { prodUsEast } = PROJECTS;

type Stop = { what: string; outlined: boolean; visible: boolean };

/**
 * Presses Tab until the focus comes back to where it began (or leaves the
 * page), noting each control it stops on. Then lists the visible controls
 * it never reached.
 */
async function tabThrough(page: Page): Promise<{ stops: Stop[]; missed: string[] }> {
  await page.evaluate(() => {
    (window as any).__seen = new Set<Element>();
  });
  const stops: Stop[] = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const seen: Set<Element> = (window as any).__seen;
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || seen.has(el)) return null;
      seen.add(el);
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '';
      return {
        what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`,
        outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        visible: box.width > 0 && box.height > 0,
      };
    });
    if (!stop) break;
    stops.push(stop);
  }
  const missed = await page.evaluate(() => {
    const seen: Set<Element> = (window as any).__seen;
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    return [...controls]
      .filter((el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0)
      .filter((el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1;
      })
      .filter((el) => !seen.has(el))
      // Tab stops once in a group of radio buttons; arrows move within it.
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' &&
        [...seen].some((s) => s instanceof HTMLInputElement && s.type === 'radio' && s.name === el.name)))
      .map((el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`);
  });
  return { stops, missed };
}

const pages: PageState[] = [
  projectsList,
  { ...dashboardOf(prodUsEast), name: 'a dashboard' },
  {
    name: 'the details tab',
    open: async (page) => {
      await page.goto(settingsPath(prodUsEast.id, 'details'));
      await expect(page.getByLabel('Project name')).toHaveValue(prodUsEast.name);
    },
  },
  apiTab,
  kafkaTab,
  requestForm,
  sourcesSelected,
  newSourceForm,
  importPreview,
];

for (const { name, open } of pages) {
  test(`on ${name}, Tab reaches every control and always shows the focus`, async ({ page }) => {
    await open(page);
    // Start from the top of the document, as a fresh page would (a blur
    // alone would leave the browser's starting point where the focus was).
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      const body = document.body;
      body.setAttribute('tabindex', '-1');
      body.focus();
      body.blur();
      body.removeAttribute('tabindex');
    });
    const { stops, missed } = await tabThrough(page);
    expect(stops.length, 'controls reached by Tab').toBeGreaterThan(3);
    expect(stops[0].what, 'the first stop skips to the content').toContain('Skip to content');
    expect(stops.filter((s) => !s.outlined || !s.visible).map((s) => s.what), 'stops without a visible outline')
      .toEqual([]);
    expect(missed, 'controls Tab never reached').toEqual([]);
  });
}
