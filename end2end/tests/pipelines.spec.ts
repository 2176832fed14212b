import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect as ownExpect, test as ownTest } from './support/own-server';
import { PROJECTS } from './support/projects';
import { signInByApi, USERS } from './support/auth';

const { prodUsEast, prodEu } = PROJECTS;
const pipelines = (id: string) => `/projects/${id}/pipelines`;
const topics = (id: string) => `/projects/${id}/topics`;

/** Moves the simulated data plane's clock of a server started with --test-clock. */
async function moveClock(page: import('@playwright/test').Page, url: string, seconds: number) {
  const res = await page.request.post(`${url}/api/test/clock`, {
    data: { advance_seconds: seconds },
    headers: { 'X-Console-Request': '1' },
  });
  expect(res.status()).toBe(200);
}

/** The number of records a stat or cell shows ("42,445 records" → 42445). */
async function count(locator: import('@playwright/test').Locator): Promise<number> {
  const text = (await locator.innerText()).replace(/[^0-9]/g, '');
  return Number(text);
}

ownTest('a pipeline is created from a source\'s topics to a destination, with its charts and log', async ({ page, own }) => {
  await page.goto(`${own.url}${pipelines(prodUsEast.id)}`);
  await ownExpect(page.getByTestId('pipeline-row')).toHaveCount(3);
  await page.getByTestId('new-pipeline').click();
  const form = page.getByTestId('pipeline-form');
  // Sent empty: the first field at fault says so and has the focus.
  await form.getByRole('button', { name: 'Create pipeline' }).click();
  await ownExpect(form.getByLabel('Source', { exact: true })).toBeFocused();
  await ownExpect(page.getByTestId('error-source')).toContainText('Choose the source');
  const source = await form.locator('#pipeline-source option', { hasText: 'orders-postgres' }).getAttribute('value');
  await form.getByLabel('Source', { exact: true }).selectOption(source!);
  // Every topic of the source is ticked; one is left out.
  const choices = page.getByTestId('topic-choices').getByRole('checkbox');
  await ownExpect(choices).toHaveCount(3);
  await page.getByTestId('topic-choices').getByRole('checkbox', { name: 'orders-postgres.public.order_items' }).uncheck();
  const destination = await form.locator('#pipeline-destination option', { hasText: 'analytics-snowflake' }).getAttribute('value');
  await form.getByLabel('Destination', { exact: true }).selectOption(destination!);
  // A name taken is refused at its field, and what was chosen stays.
  await form.getByLabel('Name', { exact: true }).fill('orders-to-snowflake');
  await form.getByRole('button', { name: 'Create pipeline' }).click();
  await ownExpect(page.getByTestId('error-name')).toContainText('already has a pipeline named');
  await ownExpect(form.getByLabel('Name', { exact: true })).toBeFocused();
  await ownExpect(choices.filter({ has: page.locator(':checked') })).toHaveCount(0);
  await form.getByLabel('Name', { exact: true }).fill('orders-e2e');
  await form.getByLabel(/^Tags/).fill('team:e2e');
  await form.getByRole('button', { name: 'Create pipeline' }).click();

  await ownExpect(page.getByTestId('pipeline-page')).toBeVisible();
  await ownExpect(page.getByRole('heading', { name: 'orders-e2e' })).toBeVisible();
  await ownExpect(page.getByTestId('connector-status')).toHaveText(/Starting|Active/);
  await ownExpect(page.locator('.topic-list li')).toHaveCount(2);
  await ownExpect(page.getByTestId('chart-records')).toBeVisible();
  await ownExpect(page.getByTestId('simulated-note')).toContainText('simulated');
  await ownExpect(page.getByTestId('log-entries')).toContainText('Created: streams 2 topics of orders-postgres to analytics-snowflake');
  // The chart's window lives in the URL and survives a reload.
  await page.getByTestId('window-picker').getByRole('link', { name: '7d (last 7 days)' }).click();
  await ownExpect(page).toHaveURL(/window=7d/);
  await page.reload();
  await ownExpect(page.getByTestId('window-picker').getByRole('link', { name: '7d (last 7 days)' })).toHaveAttribute('aria-current', 'true');
  // Its numbers are a table too, for people who cannot see the chart.
  await page.getByTestId('chart-lag').getByText('Show the numbers').click();
  await ownExpect(page.getByTestId('chart-lag').getByRole('table')).toBeVisible();

  // Edited: renamed, one topic fewer; a name taken is refused at its field.
  await page.getByTestId('edit').click();
  const edit = page.getByTestId('pipeline-edit');
  await edit.getByLabel('Name', { exact: true }).fill('orders-archive');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await ownExpect(page.getByTestId('edit-error-name')).toContainText('already has a pipeline named');
  await edit.getByLabel('Name', { exact: true }).fill('orders-e2e-renamed');
  await edit.getByRole('checkbox', { name: 'orders-postgres.public.customers' }).uncheck();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await ownExpect(page.getByRole('heading', { name: 'orders-e2e-renamed' })).toBeVisible();
  await ownExpect(page.locator('.topic-list li')).toHaveCount(1);
  await ownExpect(page.getByTestId('pipeline-edit')).toHaveCount(0);

  // The list has it, found by its tag.
  await page.getByRole('link', { name: 'Pipelines' }).first().click();
  await page.getByRole('link', { name: 'team:e2e' }).click();
  await ownExpect(page).toHaveURL(/tag=team%3Ae2e/);
  await ownExpect(page.getByTestId('pipeline-row')).toHaveCount(1);
  await ownExpect(page.getByTestId('pipeline-row')).toContainText('orders-e2e-renamed');
});

ownTest('a paused destination lets the lag grow as time moves on, and it drains once resumed', async ({ page, own }) => {
  await page.goto(`${own.url}${pipelines(prodUsEast.id)}?q=orders-to-snowflake`);
  await ownExpect(page.getByTestId('pipeline-row')).toHaveCount(1);
  await ownExpect(page.getByTestId('pipeline-lag')).toHaveText('0');
  await page.getByTestId('pipeline-row').getByRole('link', { name: 'analytics-snowflake' }).click();
  await ownExpect(page.getByTestId('connector-page')).toBeVisible();
  await page.getByTestId('pause').click();
  await ownExpect(page.getByTestId('connector-status')).toHaveText('Paused');

  await moveClock(page, own.url, 30 * 60);
  await page.goto(`${own.url}${pipelines(prodUsEast.id)}?q=orders-to-snowflake`);
  await page.getByTestId('pipeline-row').getByRole('link', { name: 'orders-to-snowflake' }).click();
  await ownExpect(page.getByTestId('pipeline-waiting')).toContainText('analytics-snowflake is paused');
  const waiting = await count(page.getByTestId('pipeline-facts').getByTestId('pipeline-lag'));
  ownExpect(waiting).toBeGreaterThan(0);
  await ownExpect(page.getByTestId('chart-lag').getByTestId('chart-summary')).toContainText('records wait now');

  // Half an hour later still paused: more waits.
  await moveClock(page, own.url, 30 * 60);
  await page.reload();
  const more = await count(page.getByTestId('pipeline-facts').getByTestId('pipeline-lag'));
  ownExpect(more).toBeGreaterThan(waiting);

  // Resumed, and three hours on, everything that waited is written.
  await page.getByRole('link', { name: 'analytics-snowflake' }).first().click();
  await page.getByTestId('resume').click();
  await ownExpect(page.getByTestId('connector-status')).toHaveText(/Starting|Active/);
  await moveClock(page, own.url, 3 * 3600);
  await page.goBack();
  await page.reload();
  await ownExpect(page.getByTestId('pipeline-facts').getByTestId('pipeline-lag')).toHaveText('0 records');
  await ownExpect(page.getByTestId('pipeline-waiting')).toHaveCount(0);
});

ownTest('the Broken pipeline says why and what to do, and heals when the destination\'s key is replaced', async ({ page, own }) => {
  await page.goto(`${own.url}${pipelines(prodEu.id)}`);
  const row = page.getByTestId('pipeline-row');
  await ownExpect(row).toHaveCount(1);
  await ownExpect(row.getByTestId('connector-status')).toHaveText('Broken');
  await ownExpect(row).toContainText('rejected the service account key');
  await row.getByRole('link', { name: 'orders-eu-to-bigquery' }).click();
  const problem = page.getByTestId('pipeline-problem');
  await ownExpect(problem).toContainText('BigQuery rejected the service account key of warehouse-bigquery');
  await ownExpect(problem).toContainText('Replace the credentials');
  await page.getByRole('button', { name: /Errors/ }).click();
  await ownExpect(page.getByTestId('log-entries')).toContainText('Writes to warehouse-bigquery are refused');

  await problem.getByRole('link', { name: 'Open the destination' }).click();
  await ownExpect(page.getByTestId('connector-fault')).toContainText('rejected the service account key');
  await page.getByTestId('edit').click();
  const edit = page.getByTestId('connector-form');
  await edit.getByLabel(/^Service account key/).fill('{"type": "service_account", "private_key_id": "new"}');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await ownExpect(page.getByTestId('connector-fault')).toHaveCount(0);
  await ownExpect(page.getByTestId('connector-status')).not.toHaveText('Broken');

  await page.goto(`${own.url}${pipelines(prodEu.id)}`);
  await ownExpect(row.getByTestId('connector-status')).not.toHaveText('Broken');
  await row.getByRole('link', { name: 'orders-eu-to-bigquery' }).click();
  await ownExpect(page.getByTestId('pipeline-page')).toBeVisible();
  await ownExpect(page.getByTestId('pipeline-problem')).toHaveCount(0);
});

test('the topics page lists the sources\' topics, and the dead-letter topics on demand', async ({ page }) => {
  await page.goto(topics(prodUsEast.id));
  const rows = page.getByTestId('topic-row');
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('topics-table')).not.toContainText('deadletterqueue');
  await page.getByTestId('include-dlq').check();
  await expect(page).toHaveURL(/dlq=1/);
  await expect(rows).toHaveCount(7);
  await expect(page.locator('[data-kind="dead_letter"]')).toHaveCount(2);
  await page.reload();
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId('include-dlq')).toBeChecked();
  // Grouped by source, with a row naming each group.
  await page.getByLabel('Group by').selectOption('source');
  await expect(page).toHaveURL(/group=source/);
  await expect(page.locator('.table__group')).toContainText(['Source inventory-mysql', 'Source orders-postgres', 'No source']);
  // A topic's page: its settings and its chart.
  await page.getByRole('link', { name: 'orders-postgres.public.orders' }).click();
  await expect(page.getByTestId('topic-page')).toBeVisible();
  await expect(page.getByTestId('topic-settings')).toContainText('Partitions');
  await expect(page.getByTestId('topic-facts')).toContainText('orders-archive, orders-to-snowflake');
  await expect(page.getByTestId('chart-records')).toBeVisible();
});

test('switching project on the pipelines page shows the other project\'s pipelines, never the old ones', async ({ page }) => {
  await page.goto(pipelines(prodUsEast.id));
  await expect(page.getByTestId('pipeline-row')).toHaveCount(3);
  // Every row painted from now on is recorded with the address shown
  // above it, frame by frame.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenRows: string[] }).seenRows = seen;
    const frame = () => {
      document.querySelectorAll('[data-testid="pipeline-row"] th').forEach((th) => {
        seen.push(`${location.pathname} ${th.textContent}`);
      });
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Switch project' });
  await switcher.getByRole('combobox').fill(prodEu.name);
  await expect(switcher.getByRole('option').first()).toContainText(prodEu.name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${pipelines(prodEu.id)}$`));
  await expect(page.getByTestId('pipeline-row')).toHaveCount(1);
  await expect(page.getByTestId('pipeline-row')).toContainText('orders-eu-to-bigquery');
  const seen = await page.evaluate(() => (window as unknown as { seenRows: string[] }).seenRows);
  const stale = seen.filter((s) => s.startsWith(pipelines(prodEu.id)) && /orders-to-snowflake|orders-archive|inventory/.test(s));
  expect(stale).toEqual([]);
});

test('the usage page shows each project\'s own figures, keeps its window on reload, and downloads its buckets', async ({ page }) => {
  await page.goto(`/projects/${prodUsEast.id}/usage?window=1d`);
  const billable = page.getByTestId('usage-billable');
  await expect(billable).toHaveAttribute('title', /[1-9][0-9,]* bytes/);
  const exact = Number((await billable.getAttribute('title'))!.replace(/[^0-9]/g, ''));
  await expect(page.getByTestId('usage-shares').first()).toContainText('orders-postgres');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('usage-csv').click(),
  ]);
  expect(download.suggestedFilename()).toBe('production-us-east-usage-1d.csv');
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('bucket_start,inbound_bytes,outbound_bytes,billable_bytes');
  expect(lines.length).toBeGreaterThanOrEqual(25);
  // The file's buckets add up to the total the page shows.
  expect(lines.slice(1).reduce((n, l) => n + Number(l.split(',')[3]), 0)).toBe(exact);

  await page.reload();
  await expect(page.getByTestId('usage-window').getByRole('link', { name: '1d (last day)' })).toHaveAttribute('aria-current', 'true');

  // Another project's usage is its own, and the old figures never show under it.
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Switch project' });
  await switcher.getByRole('combobox').fill(prodEu.name);
  await expect(switcher.getByRole('option').first()).toContainText(prodEu.name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/projects/${prodEu.id}/usage$`));
  await expect(page.getByTestId('usage-shares').first()).toContainText('orders-postgres-eu');
  await expect(page.getByTestId('usage-billable')).not.toHaveAttribute('title', `${exact.toLocaleString('en-US')} bytes`);
});

test.describe('as Read Only', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a Read Only member sees the pipelines and topics and no action', async ({ page }) => {
    await signInByApi(page.request, USERS.readOnly.email);
    await page.goto(pipelines(prodUsEast.id));
    await expect(page.getByTestId('pipeline-row')).toHaveCount(3);
    await expect(page.getByTestId('pipelines-blocked')).toContainText('Read Only');
    await expect(page.getByTestId('new-pipeline')).toHaveCount(0);
    await expect(page.getByTestId('pipeline-row').getByRole('button')).toHaveCount(0);
    await expect(page.getByTestId('pipeline-row').getByRole('checkbox')).toHaveCount(0);
    await page.getByRole('link', { name: 'orders-archive', exact: true }).click();
    await expect(page.getByTestId('pipeline-page')).toBeVisible();
    await expect(page.getByTestId('delete')).toHaveCount(0);
    await page.goto(topics(prodUsEast.id));
    await expect(page.getByTestId('topics-blocked')).toContainText('Read Only');
    await expect(page.getByTestId('new-topic')).toHaveCount(0);
  });
});
