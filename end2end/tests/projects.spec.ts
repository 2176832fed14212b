import { expect, test } from '@playwright/test';
import { ProjectsPage } from './support/projects-page';
import { projectTotal } from './support/api';

test('the console opens on the list of the seeded projects', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto('/');
  await expect(page).toHaveURL(/\/projects$/);
  await expect(projects.heading).toBeVisible();
  const total = await projects.expectAll();
  await expect(projects.count).toHaveText(`${total} projects`);
  await expect(page).toHaveTitle(/Projects/);
});

test('every documented column is shown, with readable dates and state badges', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  const headers = await page.getByRole('columnheader').allInnerTexts();
  expect(headers.map((h) => h.replace(/[\u25b2\u25bc]/g, '').trim().toLowerCase())).toEqual([
    'name', 'type', 'created on', 'state', 'cloud', 'region',
  ]);

  expect(await projects.cells('Production-US-East')).toEqual([
    'Production-US-East', 'PRODUCTION', 'Feb 12, 2024', 'AVAILABLE', 'AWS', 'us-east-1\nUS East (N. Virginia)',
  ]);
  expect(await projects.cells('Staging-EU')).toEqual([
    'Staging-EU', 'staging', 'May 9, 2024', 'UNAVAILABLE', 'Azure', 'westeurope\nWest Europe (Netherlands)',
  ]);
  expect(await projects.cells('Development-EU')).toEqual([
    'Development-EU', 'development', 'Jan 8, 2024', 'AVAILABLE', 'GCP', 'europe-west3\nFrankfurt',
  ]);
});

test('state badges carry their word and colour: green AVAILABLE, grey UNAVAILABLE', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  const available = projects.row('Production-US-East').getByTestId('state-badge');
  const unavailable = projects.row('Production-DR-US-West').getByTestId('state-badge');
  await expect(available).toHaveText('AVAILABLE');
  await expect(unavailable).toHaveText('UNAVAILABLE');
  const colour = (l: typeof available) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [green, grey] = [await colour(available), await colour(unavailable)];
  const [r, g, b] = green.match(/\d+/g)!.map(Number);
  expect(g).toBeGreaterThan(r);
  expect(g).toBeGreaterThan(b);
  const [gr, gg, gb] = grey.match(/\d+/g)!.map(Number);
  expect(Math.max(gr, gg, gb) - Math.min(gr, gg, gb)).toBeLessThan(16);
  // Every project has exactly one state badge.
  const total = await projects.expectAll();
  await expect(page.getByTestId('state-badge')).toHaveCount(total);
  const paused = await projectTotal(page.request, '', 'state=UNAVAILABLE');
  await expect(page.getByTestId('state-badge').filter({ hasText: /^UNAVAILABLE$/ })).toHaveCount(paused);
});

test('a deep link reloads into the same page', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  await page.reload();
  await expect(projects.heading).toBeVisible();
  await projects.expectAll();
});

test('a slow server shows the loading state, then the list', async ({ page }) => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/projects?*', async (route) => {
    await gate;
    await route.continue();
  });
  const projects = new ProjectsPage(page);
  await projects.goto();
  await expect(projects.loading).toBeVisible();
  await expect(projects.loading).toHaveAttribute('role', 'status');
  await expect(projects.rows).toHaveCount(0);
  release();
  await projects.expectAll();
  await expect(projects.loading).toHaveCount(0);
});

test('a server error is explained, and Try again recovers', async ({ page }) => {
  let failing = true;
  await page.route('**/api/projects?*', async (route) => {
    if (failing) {
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'The server could not complete the request.' } }),
      });
    } else {
      await route.continue();
    }
  });
  const projects = new ProjectsPage(page);
  await projects.goto();
  await expect(projects.error).toContainText('The server ran into a problem');
  await expect(projects.error).toContainText('The server could not complete the request.');
  failing = false;
  await projects.error.getByRole('button', { name: 'Try again' }).click();
  await projects.expectAll();
  await expect(projects.error).toHaveCount(0);
});

test('the page works from the keyboard: skip link, then the controls', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  await page.keyboard.press('Tab');
  const request = page.getByRole('link', { name: 'Request a project' });
  await expect(request).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(projects.refresh).toBeFocused();
  const outline = await projects.refresh.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});

test('once the organisation is loaded, search and sort answer from memory, as the server would', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  await expect(page.locator('section[data-answers=memory]')).toBeAttached();
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/projects')) asked.push(r.url()); });

  const names = () => projects.rows.getByRole('link').allInnerTexts();
  const server = async (query: string) => {
    const res = await page.request.get(`/api/projects?${query}`);
    expect(res.ok()).toBeTruthy();
    return ((await res.json()).result as { name: string }[]).map((p) => p.name);
  };
  await page.getByRole('searchbox', { name: 'Search by name' }).pressSequentially('eU');
  const eu = await server('partial_name=eU');
  expect(eu.length).toBeGreaterThan(1);
  await expect(projects.rows).toHaveCount(eu.length);
  expect(await names()).toEqual(eu);

  await page.getByRole('button', { name: 'Region' }).click();
  await page.getByRole('button', { name: 'Region' }).click();
  await expect(page.getByRole('columnheader', { name: 'Region' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(names).toEqual(await server('partial_name=eU&sort=region&sort_dir=desc'));
  expect(asked).toEqual([]);

  // Refresh asks the server again.
  await projects.refresh.click();
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  await expect(page.locator('section[data-answers=memory]')).toBeAttached();
  await expect.poll(names).toEqual(await server('partial_name=eU&sort=region&sort_dir=desc'));
});

test('the first page and the session are asked for once, while the console loads', async ({ page }) => {
  const FIRST_PAGE = '/api/projects?page=1&page_size=50&sort=name&sort_dir=asc';
  const firstPage: string[] = [];
  const searches: string[] = [];
  const me: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    const asked = url.pathname + url.search;
    if (asked === FIRST_PAGE) firstPage.push(asked);
    if (url.pathname === '/api/projects' && url.searchParams.get('partial_name') === 'prod') searches.push(asked);
    if (url.pathname === '/api/auth/me') me.push(asked);
  });
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  await expect(page.locator('section[data-answers=memory]')).toBeAttached();
  // The server's hints and the page's own requests are one request each.
  expect(firstPage).toHaveLength(1);
  expect(me).toHaveLength(1);
  // With a query in the URL, nothing is asked early: the unfiltered first
  // page is not fetched at all, and the console asks for the search once.
  firstPage.length = 0;
  await projects.goto('/projects?q=prod');
  await expect(projects.rows).toHaveCount(6);
  expect(firstPage).toEqual([]);
  expect(searches).toHaveLength(1);
});

test('the environment filter offers the other types the organisation uses, and a link keeps one', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await expect(page.locator('[data-answers=memory]')).toHaveCount(1);
  const filter = page.getByLabel('Environment');
  await expect(filter.locator('option')).toHaveText(['Any environment', 'production', 'staging', 'development', 'qa']);
  await filter.selectOption('qa');
  await expect(page).toHaveURL(/env=qa/);
  await expect(projects.rows).toHaveCount(1);
  await expect(projects.row('QA-Integration')).toHaveCount(1);
  // Opened from a link, before the organisation is loaded, it still shows what it filters by.
  await page.reload();
  await expect(filter).toHaveValue('qa');
  await expect(projects.rows).toHaveCount(1);
});
