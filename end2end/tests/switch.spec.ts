import { expect, test } from '@playwright/test';
import { Console } from './support/console';
import { ProjectsPage } from './support/projects-page';
import { dashboardPath, PROJECTS } from './support/projects';
import { lastProjectKey, store, stored } from './support/api';

const { prodUsEast, prodEu, stagingEu, devEu } = PROJECTS;

test('search narrows the list as you type and survives a reload', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  const search = page.getByRole('searchbox', { name: 'Search by name' });
  await search.pressSequentially('prod');
  await expect(projects.rows).toHaveCount(6);
  await expect(page).toHaveURL(/[?&]q=prod/);
  await page.reload();
  await expect(search).toHaveValue('prod');
  await expect(projects.rows).toHaveCount(6);

  await search.fill('no such project');
  await expect(page.getByTestId('projects-no-match')).toContainText('no such project');
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await projects.expectAll();
  await expect(search).toHaveValue('');
});

test('filters and sorting live in the URL, and Back restores them', async ({ page }) => {
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  await page.getByLabel('Cloud').selectOption('GCP');
  await expect(projects.rows).toHaveCount(3);
  await page.getByLabel('State').selectOption('UNAVAILABLE');
  await expect(projects.rows).toHaveCount(0);
  await expect(page.getByTestId('projects-no-match')).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('State')).toHaveValue('');
  await expect(projects.rows).toHaveCount(3);

  await page.getByRole('button', { name: 'Region' }).click();
  const regionHeader = page.getByRole('columnheader', { name: 'Region' });
  await expect(regionHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(projects.rows.first()).toContainText('australia-southeast1');
  await page.getByRole('button', { name: 'Region' }).click();
  await expect(regionHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(projects.rows.first()).toContainText('us-central1');
  await page.reload();
  await expect(regionHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByLabel('Cloud')).toHaveValue('GCP');
});

test('clicking a project opens its dashboard; the top bar and CURRENT badge follow', async ({ page }) => {
  const projects = new ProjectsPage(page);
  const app = new Console(page);
  await projects.goto();
  await expect(app.selector).toContainText('Choose a project');
  await projects.row(prodUsEast.name).click();
  await app.expectDashboard(prodUsEast);
  await expect(app.selector).toContainText('production');
  await expect(page.locator('.topbar')).toHaveClass(/topbar--production/);
  await expect(page.getByTestId('project-id')).toHaveText(prodUsEast.id);

  await page.getByRole('link', { name: 'Projects', exact: true }).click();
  await expect(projects.row(prodUsEast.name).getByTestId('current-badge')).toHaveText('CURRENT');
  await expect(page.getByTestId('current-badge')).toHaveCount(1);
  await expect(app.selectorName).toHaveText(prodUsEast.name);

  // Reload keeps the project, and / comes back to it.
  await page.goto(dashboardPath(prodUsEast.id));
  await page.reload();
  await app.expectDashboard(prodUsEast);
  await page.goto('/');
  await app.expectDashboard(prodUsEast);
});

test('after a reload the projects page still names the current project', async ({ page }) => {
  const projects = new ProjectsPage(page);
  const app = new Console(page);
  await page.goto(dashboardPath(stagingEu.id));
  await app.expectDashboard(stagingEu);
  await page.getByRole('link', { name: 'Projects', exact: true }).click();
  await expect(projects.row(stagingEu.name).getByTestId('current-badge')).toHaveText('CURRENT');

  await page.reload();
  await projects.expectAll();
  await expect(projects.row(stagingEu.name).getByTestId('current-badge')).toHaveText('CURRENT');
  await expect(page.getByTestId('current-badge')).toHaveCount(1);
  await expect(app.selectorName).toHaveText(stagingEu.name);
  await expect(page.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(app.notice).toHaveCount(0);
  // The other pages without a project in their URL say the same.
  await page.goto('/api-reference');
  await expect(app.selectorName).toHaveText(stagingEu.name);
});

test('after a reload a remembered project that is gone is forgotten, with a notice', async ({ page }) => {
  const projects = new ProjectsPage(page);
  const app = new Console(page);
  await projects.goto();
  const key = await lastProjectKey(page);
  await store(page, key, '00000000-0000-4000-8000-00000000dead');
  await page.reload();
  await expect(app.notice).toContainText('no longer exists');
  await expect(projects.row(prodUsEast.name)).toBeVisible();
  await expect(app.selector).toContainText('Choose a project');
  await expect(page.getByTestId('current-badge')).toHaveCount(0);
  expect(await stored(page, key)).toBeNull();

  // A value that cannot be read is dropped without a word.
  await store(page, key, '{"oops": [');
  await page.reload();
  await expect(projects.row(prodUsEast.name)).toBeVisible();
  await expect(app.selector).toContainText('Choose a project');
  await expect(page.getByTestId('current-badge')).toHaveCount(0);
  expect(await stored(page, key)).toBeNull();
});

test('Ctrl+K, a whole name and Enter before the search answers switch to that project', async ({ page }) => {
  const app = new Console(page);
  await page.goto(dashboardPath(devEu.id));
  await app.expectDashboard(devEu);
  // The searches answer only once Enter has been pressed.
  let release!: () => void;
  const entered = new Promise<void>((r) => (release = r));
  await page.route('**/api/projects?*', async (route) => {
    await entered;
    await route.continue().catch(() => undefined);
  });
  await app.enterBeforeTheSearch(prodEu.name);
  release();
  await app.expectDashboard(prodEu);
  await expect(app.switcher).toHaveCount(0);
});

test('a project that fails to load is not shown as opening, and Try again recovers', async ({ page }) => {
  const app = new Console(page);
  let failing = true;
  await page.route(`**/api/projects/${prodEu.id}`, async (route) => {
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
  await page.goto(dashboardPath(prodEu.id));
  const error = page.getByTestId('error-view');
  await expect(error).toContainText('The server ran into a problem');
  await expect(app.selector).toContainText("Couldn't open the project");
  await expect(app.selector).not.toContainText('Opening');
  failing = false;
  await error.getByRole('button', { name: 'Try again' }).click();
  await app.expectDashboard(prodEu);
  await expect(app.selector).not.toContainText("Couldn't open the project");
});

test('Ctrl+K switches project by keyboard alone', async ({ page }) => {
  const app = new Console(page);
  await page.goto(dashboardPath(prodUsEast.id));
  await app.expectDashboard(prodUsEast);
  await app.switchByKeyboard(stagingEu.name);
  await app.expectDashboard(stagingEu);
  // Recently used projects come first the next time.
  await page.keyboard.press('Control+k');
  await expect(app.switcher.getByRole('option').first()).toContainText(stagingEu.name);
  await expect(app.switcher.getByRole('option').nth(1)).toContainText(prodUsEast.name);
  // The project the user is in says so; the one before is the recent one.
  await expect(app.switcher.getByRole('option').first()).toContainText('current');
  await expect(app.switcher.getByRole('option').first()).not.toContainText('recent');
  await expect(app.switcher.getByRole('option').nth(1)).toContainText('recent');
  await page.keyboard.press('Escape');
  await expect(app.switcher).toHaveCount(0);
  await app.expectDashboard(stagingEu);
});

test('with the organisation in memory, the switcher filters without asking the server, and says where each project runs', async ({ page }) => {
  const app = new Console(page);
  await page.goto('/projects');
  await expect(page.locator('[data-answers="memory"]')).toHaveCount(1);
  let asked = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/projects') asked += 1;
  });
  await page.keyboard.press('Control+k');
  await page.keyboard.type('production-e');
  const options = app.switcher.getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(prodEu.name);
  await expect(options.first()).toContainText('Europe (Frankfurt), eu-central-1');
  expect(asked).toBe(0);
  await page.keyboard.press('Enter');
  await app.expectDashboard(prodEu);
});

test('the top bar selector switches project too', async ({ page }) => {
  const app = new Console(page);
  await page.goto(dashboardPath(devEu.id));
  await app.expectDashboard(devEu);
  await app.selector.click();
  await expect(app.switcherInput).toBeFocused();
  // Escape closes it and gives focus back to the selector.
  await page.keyboard.press('Escape');
  await expect(app.switcher).toHaveCount(0);
  await expect(app.selector).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.switcherInput).toBeFocused();
  await app.switcherInput.fill('Production-EU');
  await app.switcher.getByRole('option', { name: /Production-EU/ }).click();
  await app.expectDashboard(prodEu);
});

test('an UNAVAILABLE project can be opened, and says what that means', async ({ page }) => {
  const app = new Console(page);
  await page.goto(dashboardPath(stagingEu.id));
  await app.expectDashboard(stagingEu);
  const notice = page.getByTestId('unavailable-notice');
  await expect(notice).toContainText('paused or stopped');
  await expect(notice).toContainText('nothing can be created or changed');
  await expect(notice).toContainText('pipelines are not processing');
  await expect(notice).toContainText('no compute is charged');
});

test('the dashboard copies the id and masks the brokers until revealed', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new Console(page);
  await page.goto(dashboardPath(prodUsEast.id));
  await app.expectDashboard(prodUsEast);
  await page.getByRole('button', { name: 'Copy project ID' }).click();
  await expect(page.getByTestId('copy-status').first()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(prodUsEast.id);

  const brokers = page.getByTestId('masked-value');
  await expect(brokers).not.toContainText('9092');
  await page.getByRole('button', { name: 'Reveal Kafka bootstrap servers' }).click();
  await expect(brokers).toContainText('.kafka.tributary.example:9092');
  await page.getByRole('button', { name: 'Hide Kafka bootstrap servers' }).click();
  await expect(brokers).not.toContainText('9092');
});

test('two tabs work in two projects independently', async ({ context }) => {
  const one = await context.newPage();
  const two = await context.newPage();
  await one.goto(dashboardPath(prodUsEast.id));
  await new Console(one).expectDashboard(prodUsEast);
  await two.goto(dashboardPath(devEu.id));
  await new Console(two).expectDashboard(devEu);
  await one.reload();
  await new Console(one).expectDashboard(prodUsEast);
  await new Console(two).switchByKeyboard(stagingEu.name);
  await new Console(two).expectDashboard(stagingEu);
  await expect(new Console(one).selectorName).toHaveText(prodUsEast.name);
});

test('fast switching A, B, C never shows A or B on C', async ({ page }) => {
  const app = new Console(page);
  await page.goto(dashboardPath(devEu.id));
  await app.expectDashboard(devEu);
  // The first two projects' answers are held until the switch to C has
  // shown C, then released: they arrive late, as on a slow network.
  const slow = [prodUsEast.id, stagingEu.id];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const delivered: Promise<void>[] = [];
  await page.route('**/api/projects/*', async (route) => {
    if (!slow.some((id) => route.request().url().endsWith(id))) {
      await route.continue().catch(() => undefined);
      return;
    }
    const late = (async () => {
      await released;
      // Fetched and handed to the page; a request the page has already
      // given up on is simply not delivered.
      const response = await route.fetch().catch(() => undefined);
      if (response) await route.fulfill({ response }).catch(() => undefined);
    })();
    delivered.push(late);
    await late;
  });
  const seen: string[] = [];
  await page.exposeFunction('recordTitle', (t: string) => seen.push(t));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const h = document.querySelector('h1');
      if (h) (window as any).recordTitle(h.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await app.switchByKeyboard(prodUsEast.name);
  await app.switchByKeyboard(stagingEu.name);
  await app.switchByKeyboard(prodEu.name);
  await app.expectDashboard(prodEu);
  expect(delivered).toHaveLength(2);
  release();
  await Promise.all(delivered);
  // Two frames after the late answers, the page has handled them.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await app.expectDashboard(prodEu);
  expect(seen).not.toContain(prodUsEast.name);
  expect(seen).not.toContain(stagingEu.name);
});

test('a remembered project that was deleted lands on the list with a notice', async ({ page }) => {
  await page.goto('/projects');
  const LAST_PROJECT_KEY = await lastProjectKey(page);
  await store(page, LAST_PROJECT_KEY, '00000000-0000-4000-8000-00000000dead');
  await page.goto('/');
  const app = new Console(page);
  await expect(page).toHaveURL(/\/projects$/);
  await expect(app.notice).toContainText('no longer exists');
  await new ProjectsPage(page).expectAll();
  // The tab is in no project, rather than stuck opening the missing one.
  await expect(app.selector).toContainText('Choose a project');
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  expect(await stored(page, LAST_PROJECT_KEY)).toBeNull();
  await app.notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(app.notice).toHaveCount(0);
});

test('a corrupt remembered project never blanks the page', async ({ page }) => {
  await page.goto('/projects');
  const LAST_PROJECT_KEY = await lastProjectKey(page);
  await store(page, LAST_PROJECT_KEY, '{"oops": [');
  await page.goto('/');
  await expect(page).toHaveURL(/\/projects$/);
  await expect(new Console(page).notice).toContainText('could not be restored');
  await new ProjectsPage(page).expectAll();
});

test('an unknown or malformed project id says so', async ({ page }) => {
  await page.goto(dashboardPath('00000000-0000-4000-8000-000000000000'));
  await expect(page.getByTestId('project-missing')).toContainText('No project has the id');
  await expect(new Console(page).selector).toContainText('Choose a project');
  await page.goto('/projects/not-an-id/dashboard');
  await expect(page.getByTestId('project-missing')).toContainText('is not a project id');
});
