import { expect, test } from '@playwright/test';
import { expect as ownExpect, test as ownTest } from './support/own-server';
import { PROJECTS } from './support/projects';
import { signInByApi, USERS } from './support/auth';

const { prodUsEast, prodEu, devEu, stagingEu } = PROJECTS;
const dashboard = (id: string) => `/projects/${id}/dashboard`;

ownTest('the dashboard says what needs attention and links to it; its counts lead to the lists', async ({ page, own }) => {
  await page.goto(own.url + dashboard(prodEu.id));
  const health = page.getByTestId('health');
  await ownExpect(health.getByTestId('health-summary')).toHaveText('2 issues need attention.');
  const pipeline = health.getByTestId('health-finding').filter({ hasText: 'Pipeline' });
  await ownExpect(pipeline).toContainText('Issue');
  await ownExpect(pipeline).toContainText('invalid_grant');
  await ownExpect(pipeline).toContainText(/Began 3 hours ago/);
  await ownExpect(health.getByTestId('health-finding').filter({ hasText: 'Destination' })).toContainText('warehouse-bigquery');
  // The finding leads to the Broken pipeline, and Back to the dashboard.
  await pipeline.getByRole('link', { name: 'orders-eu-to-bigquery' }).click();
  await ownExpect(page).toHaveURL(new RegExp(`/projects/${prodEu.id}/pipelines/[0-9a-f-]{36}$`));
  await ownExpect(page.getByTestId('connector-status')).toHaveText('Broken');
  await page.goBack();
  await ownExpect(page.getByTestId('health-summary')).toBeVisible();

  // Each count is a link to its list, which holds as many.
  await ownExpect(page.getByTestId('count-sources')).toHaveText(/^2\s*Sources$/);
  await ownExpect(page.getByTestId('count-pipelines')).toHaveText(/^1\s*Pipelines$/);
  const topics = Number((await page.getByTestId('count-topics').innerText()).replace(/[^0-9]/g, ''));
  await page.getByTestId('count-topics').click();
  await ownExpect(page).toHaveURL(new RegExp(`/projects/${prodEu.id}/topics$`));
  await ownExpect(page.getByTestId('topic-row')).toHaveCount(topics);
  await page.goBack();

  // The day's throughput and the month so far, in exact bytes on hover.
  await ownExpect(page.getByTestId('chart-throughput')).toContainText('Over the last 24 hours:');
  await ownExpect(page.getByTestId('month-billable')).toHaveAttribute('title', /^[1-9][0-9,]* bytes$/);
  await ownExpect(page.getByTestId('last-activity')).toContainText('No change is on record. Records last moved');

  // Production in the US: a warning for the paused destination that
  // records wait for; a change shows as the last activity.
  const renamed = await page.request.patch(`${own.url}/api/projects/${prodUsEast.id}`, {
    data: { name: 'Production-US-East-1' },
    headers: { 'X-Console-Request': '1' },
  });
  ownExpect(renamed.status()).toBe(200);
  await page.goto(own.url + dashboard(prodUsEast.id));
  await ownExpect(page.getByTestId('health-summary')).toHaveText('1 warning needs attention.');
  const warning = page.getByTestId('health-finding');
  await ownExpect(warning).toContainText('Warning');
  await ownExpect(warning).toContainText(/It is paused: [0-9,]+ records wait in orders-archive/);
  await ownExpect(warning.getByRole('link', { name: 'orders-archive-s3' })).toHaveAttribute('href', new RegExp(`/projects/${prodUsEast.id}/destinations/`));
  await ownExpect(page.getByTestId('last-activity')).toContainText('Project renamed by Avery Admin, just now.');

  // Development: all clear. An UNAVAILABLE project: nothing runs.
  await page.goto(own.url + dashboard(devEu.id));
  await ownExpect(page.getByTestId('health-clear')).toContainText('All clear');
  await ownExpect(page.getByTestId('health-finding')).toHaveCount(0);
  await page.goto(own.url + dashboard(stagingEu.id));
  await ownExpect(page.getByTestId('unavailable-notice')).toBeVisible();
  await ownExpect(page.getByTestId('health-idle')).toContainText('Nothing runs while the project is UNAVAILABLE');
  await ownExpect(page.getByTestId('last-activity')).toContainText('No records have moved.');
});

test('a dashboard whose figures cannot load says so and loads them on Try again', async ({ page }) => {
  let fail = true;
  await page.route(/\/api\/projects\/[^/]+\/overview$/, (route) =>
    fail ? route.fulfill({ status: 503, body: '' }) : route.continue());
  await page.goto(dashboard(prodUsEast.id));
  // The project's details are there whatever happens to its figures.
  await expect(page.getByTestId('project-id')).toHaveText(prodUsEast.id);
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  fail = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('health')).toBeVisible();
});

test('the organisation\'s usage sorts by any column, keeps it in the URL and shows the project picked', async ({ page }) => {
  await page.goto('/usage?window=1d');
  const rows = page.getByTestId('usage-row');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /Project/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Billable' }).click();
  await expect(page).toHaveURL(/sort=billable/);
  await expect(page.getByRole('columnheader', { name: /Billable/ })).toHaveAttribute('aria-sort', 'descending');
  // Which project bills most depends on the simulated traffic of the hour:
  // the first row is whichever does, and it is the one shown.
  const source: Record<string, string> = {
    [prodUsEast.name]: 'inventory-mysql',
    [prodEu.name]: 'orders-postgres-eu',
  };
  const top = (await rows.first().getByRole('rowheader').textContent())!.trim();
  const picker = page.getByLabel('Project', { exact: true });
  await expect(picker.locator('option:checked')).toHaveText(top);
  if (source[top]) {
    await expect(page.getByTestId('usage-shares').first()).toContainText(source[top]);
  }
  const topBillable = await page.getByTestId('usage-billable').getAttribute('title');

  // Picking another shows its figures, never the last one's.
  const other = top === prodEu.name ? prodUsEast : prodEu;
  await picker.selectOption({ label: other.name });
  await expect(page).toHaveURL(new RegExp(`project=${other.id}`));
  await expect(page.getByTestId('usage-shares').first()).toContainText(source[other.name]);
  if (source[top]) {
    await expect(page.getByTestId('usage-shares').first()).not.toContainText(source[top]);
  }
  await expect(page.getByTestId('usage-billable')).not.toHaveAttribute('title', topBillable!);

  // Another window keeps the sort and the project; a reload keeps it all.
  await page.getByTestId('usage-window').getByRole('link', { name: '7d (last 7 days)' }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(page).toHaveURL(/sort=billable/);
  await expect(page).toHaveURL(new RegExp(`project=${other.id}`));
  await page.reload();
  await expect(page.getByRole('columnheader', { name: /Billable/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(picker.locator('option:checked')).toHaveText(other.name);
  await expect(page.getByTestId('usage-shares').first()).toContainText(source[other.name]);
  // The organisation's total is the sum of what it lists.
  await expect(page.getByTestId('usage-total')).toContainText(/[0-9.]+ [KMGT]?B/);
});

test.describe('as a member without a role on production', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the organisation\'s usage lists production locked, without figures', async ({ page }) => {
    await signInByApi(page.request, USERS.developer.email);
    await page.goto('/usage');
    const locked = page.getByTestId('usage-row').filter({ hasText: prodUsEast.name });
    await expect(locked).toContainText('No access');
    await expect(locked).not.toContainText(/[0-9] [KMGT]?B/);
    await expect(locked.getByRole('link', { name: 'Request access' })).toHaveAttribute('href', `/request-access/${prodUsEast.id}`);
    await expect(page.getByLabel('Project', { exact: true }).locator('option', { hasText: prodUsEast.name })).toHaveCount(0);
  });
});
