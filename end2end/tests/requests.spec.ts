import { type APIRequestContext, expect, test } from '@playwright/test';
import { Console } from './support/console';
import { ProjectsPage } from './support/projects-page';
import { DEMO_PASSWORD, signInByApi, USERS } from './support/auth';
import { CONSOLE_HEADERS, send } from './support/api';
import { test as ownTest } from './support/own-server';

// Every test here signs in as the users it needs.
test.use({ storageState: { cookies: [], origins: [] } });

// Provisioning adds a project: on a server of its own, so that the other
// tests keep the demo organisation as seeded.
ownTest('a requested project is provisioned by support and appears for its requester', async ({ page, browser, own }) => {
  await provisionFlow(page, browser, own.url);
});

async function provisionFlow(page: import('@playwright/test').Page, browser: import('@playwright/test').Browser, base: string) {
  const name = 'QA-EU-Central';
  await signInByApi(page.request, USERS.developer.email, base);
  const projects = new ProjectsPage(page);
  await projects.goto(`${base}/projects`);
  await page.getByRole('link', { name: 'Request a project' }).click();
  await expect(page).toHaveURL(/\/projects\/request$/);
  // A fresh organisation has no history to say how long it takes.
  await expect(page.getByTestId('request-wait')).toContainText('No request has been provisioned here yet');

  // Mistakes are named beside their fields, and nothing typed is lost.
  await page.getByLabel('Environment type').selectOption('other');
  await page.getByLabel('Name of the environment type').fill('qa');
  await page.getByLabel('Peak volume').fill('lots');
  await page.getByLabel('Proposed project name').fill('Team Kafka');
  await expect(page.getByTestId('request-name-tip')).toContainText('QA-EU-Central');
  await page.getByLabel('Proposed project name').fill(name);
  await expect(page.getByTestId('request-name-tip')).toBeEmpty();
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Choose AWS, Azure or GCP.')).toBeVisible();
  await expect(page.getByText('Give a whole number, e.g. 5000.')).toBeVisible();
  await expect(page.getByLabel('Cloud provider')).toBeFocused();
  await expect(page.getByLabel('Proposed project name')).toHaveValue(name);

  await page.getByLabel('Cloud provider').selectOption('GCP');
  await page.getByLabel('Region').selectOption('europe-west3');
  // Numbers are taken as people write them.
  await page.getByLabel('Peak volume').fill('1,040');
  await page.getByLabel('Unit').selectOption('mb_per_second');
  await page.getByLabel('Connectors').fill('6');
  await page.getByLabel('VPC peering').check();
  await page.getByLabel('Anything else support should know').fill('Peer with vpc-0a1b2c.');
  await page.getByRole('button', { name: 'Send request' }).click();

  await expect(page).toHaveURL(/\/projects$/);
  // It is a row of the list, being provisioned, above the projects.
  const requested = page.getByTestId('provisioning-row').filter({ hasText: name });
  await expect(requested).toContainText('PROVISIONING');
  await expect(requested).toContainText('europe-west3Frankfurt');
  await expect(page.getByTestId('my-requests')).toHaveCount(0);
  await expect(projects.rows.filter({ hasText: name })).toHaveCount(0);
  // A search that leaves it out hides it; a reload keeps it.
  await page.getByLabel('Search by name').fill('Production');
  await expect(requested).toHaveCount(0);
  await page.getByLabel('Search by name').fill('');
  await page.reload();
  await expect(requested).toContainText('PROVISIONING');
  const mine = page.getByTestId('my-request').filter({ hasText: name });

  // Support, in a browser of their own, provisions it.
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInByApi(support.request, USERS.support.email, base);
  await support.goto(`${base}/support/requests`);
  const queued = support.getByTestId('queue-request').filter({ hasText: name });
  await expect(queued).toContainText('requested');
  await expect(queued).toContainText('Peer with vpc-0a1b2c.');
  // Provisioning builds infrastructure: it is confirmed, naming where.
  await queued.getByRole('button', { name: `Provision ${name}` }).click();
  const confirm = support.getByTestId('confirm-provision');
  await expect(confirm).toContainText(`Provision \u201c${name}\u201d?`);
  await expect(confirm).toContainText('Google Cloud (GCP), Frankfurt');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Provision project' }).click();
  await expect(support.getByTestId('queue-status')).toContainText(`${name} is provisioned`);
  await supportContext.close();

  // The requester sees it appear without reloading (the live-update
  // stream tells the page), as its Admin, and switches to it.
  await expect(mine).toContainText('PROVISIONED', { timeout: 5_000 });
  await expect(mine).toContainText('requested just now by Devon Developer');
  await expect(mine).toContainText('1,040 MB per second · 6 connectors · VPC peering');
  await expect(requested).toHaveCount(0);
  const row = projects.rows.filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('europe-west3');
  // A settled request can be dismissed, and stays so after a reload.
  await mine.getByRole('button', { name: `Dismiss the request for ${name}` }).click();
  await expect(page.getByTestId('my-requests')).toHaveCount(0);
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('my-requests')).toHaveCount(0);
  await row.getByRole('link', { name }).click();
  const app = new Console(page);
  await expect(app.selectorName).toHaveText(name);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Save name' })).toBeEnabled();
}

/**
 * Files a project request through the API, for one connector at
 * `throughput` events per second; returns the request as the server answers.
 */
async function fileByApi(
  request: APIRequestContext,
  body: { name: string; environment: string; cloud: string; region: string; throughput: number },
  base = '',
) {
  const res = await send(request, 'POST', `${base}/api/project-requests`, {
    ...body, throughput_unit: 'events_per_second', connectors: 1,
  });
  return res.json();
}

ownTest('support declines with a reason, and a pending request can be cancelled', async ({ page, browser, own }) => {
  const stamp = `${test.info().parallelIndex}-${Date.now() % 100000}`;
  await signInByApi(page.request, USERS.dataAdmin.email, own.url);
  for (const name of [`Staging-Declined-${stamp}`, `Staging-Cancelled-${stamp}`]) {
    await fileByApi(page.request, {
      name, environment: 'staging', cloud: 'AWS', region: 'us-east-2', throughput: 100,
    }, own.url);
  }
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInByApi(support.request, USERS.support.email, own.url);
  await support.goto(`${own.url}/support/requests`);
  const declined = support.getByTestId('queue-request').filter({ hasText: `Staging-Declined-${stamp}` });
  await declined.getByRole('button', { name: `Decline Staging-Declined-${stamp}` }).click();
  await support.getByRole('button', { name: 'Decline request' }).click();
  await expect(support.getByText('Say why, so that the requester knows what to change.')).toBeVisible();
  await support.getByLabel(`Why decline Staging-Declined-${stamp}?`).fill('us-east-2 is full this month; ask for us-east-1.');
  await support.getByRole('button', { name: 'Decline request' }).click();
  await expect(support.getByTestId('queue-status')).toContainText('is declined');
  await supportContext.close();

  await page.goto(`${own.url}/projects`);
  const mine = page.getByTestId('my-request');
  await expect(mine.filter({ hasText: `Staging-Declined-${stamp}` })).toContainText(
    'Support declined it: us-east-2 is full this month; ask for us-east-1.',
  );
  const pending = page.getByTestId('provisioning-row').filter({ hasText: `Staging-Cancelled-${stamp}` });
  await pending.getByRole('button', { name: `Cancel request for Staging-Cancelled-${stamp}` }).click();
  await expect(pending).toHaveCount(0);
  await expect(page.getByTestId('my-requests').getByRole('status')).toHaveText(
    `The request for Staging-Cancelled-${stamp} is cancelled.`,
  );
});

ownTest('support lands on its queue from sign-in, and the navigation counts what waits', async ({ page, own }) => {
  await signInByApi(page.request, USERS.developer.email, own.url);
  for (const name of ['Development-Queue-A', 'Development-Queue-B']) {
    await fileByApi(page.request, {
      name, environment: 'development', cloud: 'AWS', region: 'us-east-1', throughput: 10,
    }, own.url);
  }
  await page.context().clearCookies();
  await page.goto(`${own.url}/sign-in`);
  await page.getByLabel('Email').fill(USERS.support.email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/support\/requests$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Project requests');
  await expect(page.getByTestId('pending-count')).toContainText('2');
  await expect(page.getByRole('link', { name: 'Support queue (2 pending)' })).toBeVisible();
});

test('only support sees the queue', async ({ page }) => {
  await signInByApi(page.request, USERS.admin.email);
  await page.goto('/support/requests');
  await expect(page.getByTestId('support-only')).toContainText('Only support can see the queue');
  await expect(page.getByRole('link', { name: 'Support queue' })).toHaveCount(0);
});

ownTest('a pending request is not polled: the page asks again only when support decides', async ({ page, browser, own }) => {
  const name = `Development-Quiet-${test.info().parallelIndex}-${Date.now() % 100000}`;
  await signInByApi(page.request, USERS.readOnly.email, own.url);
  const filed = await fileByApi(page.request, {
    name, environment: 'development', cloud: 'GCP', region: 'europe-west1', throughput: 10,
  }, own.url);
  const isAsk = (r: import('@playwright/test').Request) =>
    r.method() === 'GET' && new URL(r.url()).pathname === '/api/project-requests';
  let asked = 0;
  let answered = 0;
  page.on('request', (r) => { if (isAsk(r)) asked += 1; });
  page.on('requestfinished', (r) => { if (isAsk(r)) answered += 1; });
  await page.clock.install();
  await page.goto(`${own.url}/projects`);
  await expect(page.getByTestId('provisioning-row').filter({ hasText: name })).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  await expect.poll(() => answered === asked && asked > 0).toBe(true);

  // However long it waits, it asks nothing more while nothing changes.
  const settled = asked;
  await page.clock.runFor(60_000);
  expect(asked).toBe(settled);

  // Support declines it: the live-update stream says so, the page asks
  // once more and shows the decision, without a reload.
  const supportContext = await browser.newContext();
  await signInByApi(supportContext.request, USERS.support.email, own.url);
  const declined = await supportContext.request.post(`${own.url}/api/project-requests/${filed.id}/decline`, {
    headers: CONSOLE_HEADERS,
    data: { reason: 'Development projects wait until January.' },
  });
  expect(declined.status()).toBe(200);
  await supportContext.close();
  await expect(page.getByTestId('my-request').filter({ hasText: name })).toContainText(
    'Support declined it: Development projects wait until January.',
    { timeout: 2_000 },
  );
  await expect(page.getByTestId('provisioning-row').filter({ hasText: name })).toHaveCount(0);
  expect(asked).toBe(settled + 1);
});

test('the support queue is paged, and the page is kept in the URL', async ({ page }) => {
  await signInByApi(page.request, USERS.support.email);
  // A queue of 120 waiting requests, answered page by page as the server
  // would; the settled part is empty.
  const total = 120;
  await page.route('**/api/support/project-requests?*', async (route) => {
    const url = new URL(route.request().url());
    const size = Number(url.searchParams.get('page_size'));
    const n = Number(url.searchParams.get('page'));
    const pending = url.searchParams.get('state') === 'pending';
    const count = pending ? total : 0;
    const from = (n - 1) * size;
    const result = Array.from({ length: Math.max(0, Math.min(size, count - from)) }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(from + i).padStart(12, '0')}`,
      name: `Queued-${from + i + 1}`,
      environment: 'development', cloud: 'AWS', region: 'us-east-1',
      throughput: 10, throughput_unit: 'events_per_second', connectors: 1,
      requirements: [], notes: '', state: 'pending', decline_reason: null, project_id: null,
      created_at: '2026-11-01T10:00:00Z', decided_at: null,
      requested_by: { id: 'u1', email: 'developer@example.com', name: 'Dev Eloper' },
    }));
    await route.fulfill({ json: { result, page: n, page_size: size, total: count, has_next: from + size < count } });
  });
  await page.goto('/support/requests');
  const count = page.getByTestId('queue-count');
  await expect(count).toHaveText('Showing 1–50 of 120 requests waiting');
  await expect(page.getByTestId('queue-request').first()).toContainText('Queued-1');
  const pages = page.getByRole('navigation', { name: 'Pages of the queue' });
  await expect(pages).toContainText('Page 1 of 3');
  await expect(pages.getByRole('link', { name: 'Previous' })).toHaveCount(0);

  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/support\/requests\?page=2$/);
  await expect(count).toHaveText('Showing 51–100 of 120 requests waiting');
  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(count).toHaveText('Showing 101–120 of 120 requests waiting');
  await expect(page.getByTestId('queue-request')).toHaveCount(20);
  await expect(pages.getByRole('link', { name: 'Next' })).toHaveCount(0);

  // A reload stays on the page; Back goes to the one before.
  await page.reload();
  await expect(count).toHaveText('Showing 101–120 of 120 requests waiting');
  await page.goBack();
  await expect(count).toHaveText('Showing 51–100 of 120 requests waiting');
  // A page past the end says so and leads back.
  await page.goto('/support/requests?page=9');
  await expect(page.getByTestId('queue-empty')).toContainText('No request on this page');
  await page.getByRole('link', { name: 'Go to the first page' }).click();
  await expect(count).toHaveText('Showing 1–50 of 120 requests waiting');
});

ownTest('the support queue follows requests filed elsewhere, never under a decline being written', async ({ page, browser, own }) => {
  const stamp = `${test.info().parallelIndex}-${Date.now() % 100000}`;
  const devContext = await browser.newContext();
  await signInByApi(devContext.request, USERS.developer.email, own.url);
  const file = (name: string) => fileByApi(devContext.request, {
    name, environment: 'development', cloud: 'AWS', region: 'us-east-1', throughput: 10,
  }, own.url);
  const first = `Development-First-${stamp}`;
  await file(first);

  await signInByApi(page.request, USERS.support.email, own.url);
  await page.goto(`${own.url}/support/requests`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  const waiting = page.getByTestId('queue-request');
  await expect(waiting.filter({ hasText: first })).toHaveCount(1);
  const provisionFirst = page.getByRole('button', { name: `Provision ${first}` });
  await provisionFirst.focus();

  // A request filed meanwhile shows without a reload; the focus stays.
  const second = `Development-Second-${stamp}`;
  await file(second);
  await expect(waiting.filter({ hasText: second })).toHaveCount(1);
  await expect(provisionFirst).toBeFocused();

  // While a decline is being written, the queue is not redrawn under it.
  await page.getByRole('button', { name: `Decline ${first}` }).click();
  const reason = page.getByLabel(`Why decline ${first}?`);
  await expect(reason).toBeFocused();
  await page.keyboard.type('Development projects wait');
  const third = `Development-Third-${stamp}`;
  await file(third);
  await expect(page.getByTestId('pending-count')).toContainText('3');
  await expect(waiting.filter({ hasText: third })).toHaveCount(0);
  await expect(reason).toHaveValue('Development projects wait');
  await expect(reason).toBeFocused();

  // Once it is closed, the queue catches up.
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(waiting.filter({ hasText: third })).toHaveCount(1);
  await devContext.close();
});
