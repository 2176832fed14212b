import { expect, test, type Page } from '@playwright/test';
import { Console } from './support/console';
import { PROJECTS, dashboardPath, settingsPath } from './support/projects';

// The release build loads every page but the projects list when it is first
// opened (src/pages/lazy.rs); these tests hold a page's chunk back or fail it.
const { prodEu, prodUsEast } = PROJECTS;
const chunkOf = (page: string) => new RegExp(`/split_${page}-[0-9a-f]{16}\\.pack$`);

/** Holds back every request to `url` until the function it resolves with is called. */
async function holdBack(page: Page, url: string | RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route(url, async (route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  return release;
}

test('the list starts without any page chunk; a page fetches its own once', async ({ page }) => {
  const chunks: string[] = [];
  // Chunks asked for before the list's first page had arrived.
  const early: string[] = [];
  let listed = false;
  page.on('request', (r) => {
    if (/\/(split|chunk)_[^/]*\.(wasm|pack)$/.test(r.url())) {
      chunks.push(new URL(r.url()).pathname);
      if (!listed) early.push(new URL(r.url()).pathname);
    }
  });
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname === '/api/projects') listed = true;
  });
  await page.goto('/projects');
  await expect(page.getByTestId('project-row').first()).toBeVisible();
  expect(early).toEqual([]);
  // Then, once the rows are shown, the live updates and the navigation's
  // counts: no page's chunk.
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  expect(chunks.filter((c) => /\/split_/.test(c)).sort()).toEqual([
    expect.stringMatching(chunkOf('counts')),
    expect.stringMatching(chunkOf('live')),
  ]);
  await page.getByTestId('project-row').getByRole('link', { name: prodUsEast.name, exact: true }).click();
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  expect(chunks.some((c) => chunkOf('dashboard').test(c))).toBe(true);
  // Back to the list and forward to the dashboard again: nothing is fetched twice.
  const fetched = chunks.length;
  await page.goBack();
  await expect(page.getByTestId('project-row').first()).toBeVisible();
  await page.goForward();
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  expect(chunks.length).toBe(fetched);
});

test('the pipelines and topics pages come in one chunk, fetched once', async ({ page }) => {
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (/\/(split|chunk)_[^/]*\.(wasm|pack)$/.test(r.url())) chunks.push(new URL(r.url()).pathname);
  });
  await page.goto(`/projects/${prodUsEast.id}/pipelines`);
  await expect(page.getByTestId('pipeline-row').first()).toBeVisible();
  expect(chunks.filter((c) => chunkOf('pipelines').test(c))).toHaveLength(1);
  // The live updates' chunk comes a moment after the page's: counted too.
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  const fetched = chunks.length;
  await page.getByRole('link', { name: 'orders-archive', exact: true }).click();
  await expect(page.getByTestId('chart-records')).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Topics', exact: true }).click();
  await expect(page.getByTestId('topic-row').first()).toBeVisible();
  expect(chunks.length).toBe(fetched);
});

test('a page comes as one pack with the larger shared code it needs, and nothing is fetched twice', async ({ page }) => {
  // Small code that several pages share travels in each of their packs
  // and is taken once; larger shared code is a file of its own.
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (/\/(split|chunk)_[^/]*\.(wasm|pack)$/.test(r.url())) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto(dashboardPath(prodUsEast.id));
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  const before = fetched.length;
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  const opening = fetched.slice(before);
  expect(opening.filter((f) => chunkOf('settings').test(f))).toHaveLength(1);
  // Every shared module its own file, the settings took 43 files here.
  expect(opening.length).toBeLessThan(20);
  for (const name of ['Sources', 'Pipelines', 'Members']) {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  }
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  expect(fetched.filter((f, i) => fetched.indexOf(f) !== i)).toEqual([]);
});

test("a pointer over a project's row, or the focus on it, starts fetching its pages before the click", async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (/\/(split|chunk)_[^/]*\.(wasm|pack)$/.test(r.url())) asked.push(new URL(r.url()).pathname);
  });
  await page.goto('/projects');
  const row = page.getByTestId('project-row').filter({ hasText: prodUsEast.name });
  await expect(row).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  expect(asked.filter((c) => chunkOf('project').test(c) || chunkOf('dashboard').test(c))).toEqual([]);
  await row.hover();
  await expect.poll(() => asked.filter((c) => chunkOf('project').test(c) || chunkOf('dashboard').test(c)).length).toBe(2);
  await row.getByRole('link', { name: prodUsEast.name, exact: true }).click();
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  expect(asked.filter((c) => chunkOf('project').test(c) || chunkOf('dashboard').test(c))).toHaveLength(2);
  // The project's navigation: the settings' chunk once the link has the focus.
  const settings = page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true });
  await settings.focus();
  await expect.poll(() => asked.filter((c) => chunkOf('settings').test(c)).length).toBe(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  expect(asked.filter((c) => chunkOf('settings').test(c))).toHaveLength(1);
});

test('opening the quick switcher starts fetching the chunks a switch lands on', async ({ page }) => {
  const app = new Console(page);
  const asked: string[] = [];
  page.on('request', (r) => {
    if (chunkOf('project').test(r.url()) || chunkOf('dashboard').test(r.url())) asked.push(new URL(r.url()).pathname);
  });
  await page.goto('/projects');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  expect(asked).toEqual([]);
  await page.keyboard.press('Control+k');
  await expect(app.switcherInput).toBeFocused();
  await expect.poll(() => asked.length).toBe(2);
  await page.keyboard.type(prodEu.name);
  await expect(app.switcher.getByRole('option').first()).toContainText(prodEu.name);
  await page.keyboard.press('Enter');
  await app.expectDashboard(prodEu);
  expect(asked).toHaveLength(2);
});

test("a project's page is fetched along with the project's own chunk, not after it", async ({ page }) => {
  // The project's chunk is held: the settings' is asked for meanwhile.
  const release = await holdBack(page, chunkOf('project'));
  const settingsAsked = page.waitForRequest(chunkOf('settings'));
  await page.goto(settingsPath(prodUsEast.id, 'details'));
  await settingsAsked;
  release();
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
});

test("a project opened on its dashboard asks for its overview along with the project, once", async ({ page }) => {
  // The project's own answer is held: the overview is asked for meanwhile.
  const release = await holdBack(page, `**/api/projects/${prodUsEast.id}`);
  let overviews = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === `/api/projects/${prodUsEast.id}/overview`) overviews += 1;
  });
  const overviewAsked = page.waitForRequest((r) => new URL(r.url()).pathname === `/api/projects/${prodUsEast.id}/overview`);
  await page.goto(dashboardPath(prodUsEast.id));
  await overviewAsked;
  await expect(page.locator('#dashboard-title')).toHaveCount(0);
  release();
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  await expect(page.getByTestId('health')).toBeVisible();
  await expect(page.getByTestId('counts')).toBeVisible();
  await expect(page.getByText("Loading the project's health and figures…")).toHaveCount(0);
  await expect(page.getByTestId('error-view')).toHaveCount(0);
  expect(overviews).toBe(1);
});

test('a page whose chunk is slow says it is loading, then shows', async ({ page }) => {
  const release = await holdBack(page, chunkOf('settings'));
  await page.goto(settingsPath(prodUsEast.id, 'details'));
  await expect(page.getByRole('status').filter({ hasText: 'Loading the page…' })).toBeVisible();
  release();
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('page-loading')).toHaveCount(0);
});

test('a chunk that fails to arrive is explained, and Try again fetches it afresh', async ({ page }) => {
  let fail = true;
  await page.route(chunkOf('settings'), (route) => (fail ? route.abort('connectionreset') : route.continue()));
  await page.goto(settingsPath(prodUsEast.id, 'details'));
  const alert = page.getByTestId('chunk-error');
  await expect(alert).toContainText('This page could not be loaded');
  // The rest of the console still works: the shell and its navigation are there.
  await expect(page.getByRole('navigation').first()).toBeVisible();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toContainText('This page could not be loaded');
  fail = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
});

test('a chunk whose bytes are not the ones built is refused and explained', async ({ page }) => {
  await page.route(chunkOf('dashboard'), (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]) }));
  await page.goto(dashboardPath(prodUsEast.id));
  await expect(page.getByTestId('chunk-error')).toContainText('This page could not be loaded');
  await expect(page.getByTestId('chunk-error').getByRole('button', { name: 'Reload the console' })).toBeVisible();
});

test('the list of chunks, fetched with the first chunk, is checked too; a failed or altered one is explained and fetched afresh', async ({ page }) => {
  // The loader in the first load names no chunk: their files and digests
  // come in `chunks-<build>.json`, under the digest the loader holds.
  let answer: 'altered' | 'fail' | 'real' = 'altered';
  let asked = 0;
  await page.route(/\/chunks-[0-9a-f]{16}\.json$/, async (route) => {
    asked += 1;
    if (answer === 'fail') return route.abort('connectionreset');
    if (answer === 'real') return route.continue();
    const real = await route.fetch();
    const list = await real.json();
    // An entry no page uses, so that only the list's own digest can refuse it.
    list.extra = ['extra.wasm', 'sha256-', []];
    return route.fulfill({ response: real, json: list });
  });
  await page.goto(settingsPath(prodUsEast.id, 'details'));
  const alert = page.getByTestId('chunk-error');
  await expect(alert).toContainText('This page could not be loaded');
  answer = 'fail';
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toContainText('This page could not be loaded');
  answer = 'real';
  const before = asked;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('tab', { name: 'Details', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chunk-error')).toHaveCount(0);
  expect(asked).toBeGreaterThan(before);
  // Once it has arrived, it is not asked for again.
  const settled = asked;
  await page.getByRole('navigation').getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page.locator('#dashboard-title')).toHaveText(prodUsEast.name);
  expect(asked).toBe(settled);
});

test('the quick switcher takes a name and Enter while its search is still arriving, and switches once it has', async ({ page }) => {
  // The switcher's field is in the first load; its search and options come
  // with the live updates' chunk, held back here.
  const app = new Console(page);
  const release = await holdBack(page, chunkOf('live'));
  await page.goto('/projects');
  await expect(page.getByTestId('project-row').first()).toBeVisible();
  await app.enterBeforeTheSearch(prodEu.name);
  release();
  await app.expectDashboard(prodEu);
  await expect(app.switcher).toHaveCount(0);
});

test("the quick switcher whose search cannot arrive says so; Esc closes it, and opening it again fetches it afresh", async ({ page }) => {
  const app = new Console(page);
  let fail = true;
  await page.route(chunkOf('live'), (route) => (fail ? route.abort('connectionreset') : route.continue()));
  await page.goto('/projects');
  await expect(page.getByTestId('project-row').first()).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(app.switcher.getByRole('status')).toContainText('Could not load the search');
  // Typing is kept, and nothing is offered that would not work.
  await page.keyboard.type('Prod');
  await expect(app.switcherInput).toHaveValue('Prod');
  await expect(app.switcher.getByRole('option')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(app.switcher).toHaveCount(0);
  fail = false;
  await app.switchByKeyboard(prodEu.name);
  await app.expectDashboard(prodEu);
});
