import { Browser, Page } from '@playwright/test';
import { expect, test } from './support/own-server';
import { CONSOLE_HEADERS } from './support/api';
import { signInByApi, USERS } from './support/auth';
import { PROJECTS } from './support/projects';
import { OwnServer } from './support/server';

const { devEu } = PROJECTS;

/** What live updates promise: a change made elsewhere shows within this. */
const LIVE = { timeout: 2_000 };

/** A second person, in a browser of their own, signed in at `base`. */
async function colleague(browser: Browser, base: string, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInByApi(page.request, email, base);
  return page;
}

/** Waits until the page's live-update stream is open. */
async function streaming(page: Page): Promise<void> {
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
}

test('a pause and a rename by one user show on another user\'s list and dashboard without a reload', async ({ page, browser, own }) => {
  // Dana (Data Admin) watches the list in one tab and Development-EU's
  // dashboard in another.
  const list = await colleague(browser, own.url, USERS.dataAdmin.email);
  await list.goto(`${own.url}/projects`);
  const row = list.getByTestId('project-row').filter({ hasText: devEu.name });
  await expect(row.getByTestId('state-badge')).toContainText('AVAILABLE');
  const dashboard = await list.context().newPage();
  await dashboard.goto(`${own.url}/projects/${devEu.id}/dashboard`);
  await expect(dashboard.getByTestId('health')).toBeVisible();
  await expect(dashboard.getByTestId('unavailable-notice')).toHaveCount(0);
  await streaming(list);
  await streaming(dashboard);

  // Avery (Admin) pauses it from the console.
  await page.goto(`${own.url}/projects/${devEu.id}/settings/details`);
  const card = page.getByTestId('pause-card');
  await card.getByLabel('Note (optional)').fill('Reindexing');
  await card.getByRole('button', { name: 'Pause project…' }).click();
  await page.getByTestId('pause-confirm').getByRole('button', { name: 'Pause project' }).click();
  await expect(page.getByTestId('pause-status')).toHaveText('Development-EU is paused.');

  await expect(row.getByTestId('state-badge')).toContainText('UNAVAILABLE', LIVE);
  const notice = dashboard.getByTestId('unavailable-notice');
  await expect(notice).toContainText('This project is paused', LIVE);
  await expect(notice).toContainText('Avery Admin paused it');
  await expect(dashboard.getByTestId('pause-note')).toHaveText('“Reindexing”');
  await expect(dashboard.getByTestId('health-idle')).toBeVisible(LIVE);

  // A rename: the other list's row, the dashboard's title and the top bar.
  // Paused projects cannot be renamed: resume first.
  await expect(page.getByLabel('Project name')).toBeDisabled();
  await card.getByRole('button', { name: 'Resume project…' }).click();
  await page.getByTestId('pause-confirm').getByRole('button', { name: 'Resume project' }).click();
  await expect(notice).toHaveCount(0, LIVE);
  await expect(row.getByTestId('state-badge')).toContainText('AVAILABLE', LIVE);
  await page.getByLabel('Project name').fill('Development-EU-2');
  await page.getByRole('button', { name: 'Save name' }).click();
  const renamed = list.getByTestId('project-row').filter({ hasText: 'Development-EU-2' });
  await expect(renamed).toHaveCount(1, LIVE);
  await expect(dashboard.getByRole('heading', { level: 1 })).toHaveText('Development-EU-2', LIVE);
  await expect(dashboard.getByTestId('project-selector')).toContainText('Development-EU-2', LIVE);
  await list.context().close();
});

test('a user whose role is taken away is told so and sees none of the project\'s data', async ({ page, browser, own }) => {
  const developer = await colleague(browser, own.url, USERS.developer.email);
  await developer.goto(`${own.url}/projects/${devEu.id}/dashboard`);
  await expect(developer.getByTestId('health')).toBeVisible();
  await streaming(developer);
  // The organisation admin removes Devon's role on Staging-US.
  const me = await (await developer.request.get(`${own.url}/api/auth/me`)).json();
  const res = await page.request.patch(`${own.url}/api/members/${me.user.id}`, {
    headers: CONSOLE_HEADERS,
    data: { roles: [{ project_id: devEu.id, role: null }] },
  });
  expect(res.status()).toBe(200);
  await expect(developer.getByTestId('project-no-access')).toBeVisible(LIVE);
  await expect(developer.getByTestId('health')).toHaveCount(0);
  await developer.context().close();
});

test.describe('while the server is away', () => {
  test('the indicator says live updates are interrupted, and clears once they are back', async ({ browser }) => {
    const server = new OwnServer();
    await server.start();
    try {
      const page = await colleague(browser, server.url, USERS.readOnly.email);
      await page.goto(`${server.url}/projects`);
      const status = page.getByTestId('live-status');
      await streaming(page);
      await expect(status).toHaveText('');
      await server.stop();
      await expect(status).toContainText('Live updates interrupted', { timeout: 10_000 });
      await expect(status).toHaveAttribute('role', 'status');
      await server.start();
      await expect(status).toHaveText('', { timeout: 15_000 });
      // And it is live again: a rename made now shows.
      const admin = await colleague(browser, server.url, USERS.admin.email);
      const res = await admin.request.patch(`${server.url}/api/projects/${devEu.id}`, {
        headers: CONSOLE_HEADERS,
        data: { name: 'Development-EU-Back' },
      });
      expect(res.status()).toBe(200);
      await expect(page.getByTestId('project-row').filter({ hasText: 'Development-EU-Back' })).toHaveCount(1, LIVE);
      await admin.context().close();
      await page.context().close();
    } finally {
      await server.dispose();
    }
  });
});
