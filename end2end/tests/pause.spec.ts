import type { Page } from '@playwright/test';
import { expect, test } from './support/own-server';
import { PROJECTS } from './support/projects';
import { USERS } from './support/auth';

const { prodUsEast, devEu } = PROJECTS;
const details = (id: string) => `/projects/${id}/settings/details`;

/** Support puts Production-US-East under maintenance for two hours, from a session of its own. */
async function supportStartsMaintenance(page: Page, base: string) {
  const support = await page.context().browser()!.newContext();
  const login = await support.request.post(`${base}/api/auth/login`, {
    headers: { 'X-Console-Request': '1' },
    data: { email: USERS.support.email, password: 'tributary-demo' },
  });
  expect(login.status()).toBe(200);
  const until = new Date(Date.now() + 2 * 3600 * 1000).toISOString();
  const paused = await support.request.post(`${base}/api/projects/${prodUsEast.id}/pause`, {
    headers: { 'X-Console-Request': '1' },
    data: { reason: 'maintenance', until, note: 'Broker upgrade', confirm: prodUsEast.name },
  });
  expect(paused.status()).toBe(200);
  await support.close();
}

test('an Admin pauses a project with a note, every page says why, and resumes it', async ({ page, own }) => {
  await page.goto(own.url + details(devEu.id));
  const card = page.getByTestId('pause-card');
  await card.getByLabel('Note (optional)').fill('Rebuilding the events collection');
  await card.getByRole('button', { name: 'Pause project…' }).click();
  const dialog = page.getByTestId('pause-confirm');
  await expect(dialog).toContainText('Pause Development-EU?');
  // Not production: no name to type; Cancel has the focus.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Pause project' }).click();
  await expect(page.getByTestId('pause-status')).toHaveText('Development-EU is paused.');
  const notice = page.getByTestId('unavailable-notice');
  await expect(notice).toContainText('This project is paused');
  await expect(notice).toContainText('Avery Admin paused it just now.');
  await expect(page.getByTestId('pause-note')).toHaveText('“Rebuilding the events collection”');
  // Nothing can change meanwhile; the top bar and the list know.
  await expect(page.getByLabel('Project name')).toBeDisabled();
  await expect(card.getByRole('button', { name: 'Resume project…' })).toBeVisible();

  // Every page of the project says so, after a reload too.
  await page.goto(`${own.url}/projects/${devEu.id}/dashboard`);
  await expect(page.getByTestId('unavailable-notice')).toContainText('This project is paused');
  await expect(page.getByTestId('health-idle')).toBeVisible();
  await page.goto(`${own.url}/projects/${devEu.id}/pipelines`);
  await expect(page.getByTestId('pause-note')).toHaveText('“Rebuilding the events collection”');
  await page.goto(`${own.url}/projects`);
  await expect(page.getByTestId('project-row').filter({ hasText: devEu.name }).getByTestId('state-badge')).toContainText('UNAVAILABLE');

  // Resumed: running again, and the log has both.
  await page.goto(own.url + details(devEu.id));
  await page.getByTestId('pause-card').getByRole('button', { name: 'Resume project…' }).click();
  await expect(page.getByTestId('pause-confirm')).toContainText('Resume Development-EU?');
  await page.getByTestId('pause-confirm').getByRole('button', { name: 'Resume project' }).click();
  await expect(page.getByTestId('pause-status')).toHaveText('Development-EU is running again.');
  await expect(page.getByTestId('unavailable-notice')).toHaveCount(0);
  await expect(page.getByLabel('Project name')).toBeEnabled();
  await page.goto(`${own.url}/projects/${devEu.id}/activity`);
  const log = page.getByTestId('activity-table').locator('tbody tr');
  await expect(log.nth(0)).toContainText('Project resumed');
  await expect(log.nth(1)).toContainText('Project paused');
  await expect(log.nth(1)).toContainText('Rebuilding the events collection');
});

test('pausing production asks for its name; a pause made elsewhere meanwhile is explained', async ({ page, own }) => {
  // Live updates would bring support's pause into the page at once, before
  // the click. Without them, as when the stream has not delivered it yet,
  // the confirmation is sent from a page that does not know.
  await page.route('**/api/events', (route) => route.abort());
  await page.goto(own.url + details(prodUsEast.id));
  const card = page.getByTestId('pause-card');
  await card.getByRole('button', { name: 'Pause project…' }).click();
  const dialog = page.getByTestId('pause-confirm');
  const confirm = dialog.getByRole('button', { name: 'Pause project' });
  await expect(dialog.getByLabel(`Type ${prodUsEast.name} to confirm`)).toBeFocused();
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${prodUsEast.name} to confirm`).fill('production-us-east');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${prodUsEast.name} to confirm`).fill(prodUsEast.name);
  // Meanwhile, support puts it under maintenance from another session.
  await supportStartsMaintenance(page, own.url);
  await confirm.click();
  await expect(page.getByTestId('pause-error')).toContainText('already UNAVAILABLE');

  // Reloaded: under maintenance until the window's end, support's to end.
  await page.reload();
  await expect(page.getByTestId('unavailable-notice')).toContainText('This project is under maintenance until');
  await expect(page.getByTestId('unavailable-notice')).toContainText('Sam Support started the maintenance');
  await expect(page.getByTestId('pause-note')).toHaveText('“Broker upgrade”');
  await expect(page.getByTestId('pause-blocked')).toHaveText('Support resumes it when the maintenance window ends.');
  await expect(page.getByRole('button', { name: 'Resume project…' })).toHaveCount(0);
});

test('an open pause question goes when the project is paused elsewhere, and says so', async ({ page, own }) => {
  await page.goto(own.url + details(prodUsEast.id));
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  const card = page.getByTestId('pause-card');
  await card.getByRole('button', { name: 'Pause project…' }).click();
  const dialog = page.getByTestId('pause-confirm');
  const typeName = dialog.getByLabel(`Type ${prodUsEast.name} to confirm`);
  await expect(typeName).toBeFocused();
  await typeName.fill(prodUsEast.name);
  // Support puts it under maintenance from another session; live updates
  // bring that into the page while the question is open.
  let sent = 0;
  page.on('request', (r) => {
    if (/\/(pause|resume)$/.test(new URL(r.url()).pathname)) sent += 1;
  });
  await supportStartsMaintenance(page, own.url);

  // No question about resuming takes its place: it goes, and the card says why.
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('pause-status')).toHaveText(`${prodUsEast.name} was paused meanwhile, elsewhere; nothing was sent.`);
  await expect(card.getByRole('heading', { name: 'Resume the project' })).toBeFocused();
  await expect(page.getByTestId('pause-blocked')).toHaveText('Support resumes it when the maintenance window ends.');
  await expect(page.getByRole('button', { name: /Resume project/ })).toHaveCount(0);
  await expect(page.getByTestId('pause-error')).toHaveCount(0);
  expect(sent).toBe(0);
});

test.describe('as a Data Admin', () => {
  test.use({ signInAs: USERS.dataAdmin.email });

  test('only the project\'s Admins are offered a pause', async ({ page, own }) => {
    await page.goto(own.url + details(prodUsEast.id));
    await expect(page.getByTestId('pause-blocked')).toHaveText('Only the project\'s Admins can pause it.');
    await expect(page.getByRole('button', { name: 'Pause project…' })).toHaveCount(0);
  });
});
