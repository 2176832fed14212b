import { expect, test as ownTest } from './support/own-server';
import { signInByApi, USERS } from './support/auth';
import { ProjectsPage } from './support/projects-page';

const PROD_US = '0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41';

// Each test files and answers access requests: on a server of its own.

ownTest.describe('as the developer, who has no role on production', () => {
  ownTest.use({ signInAs: USERS.developer.email });

  ownTest('a locked project says who can give access, takes a request, and opens once the admin grants it', async ({ page, browser, own }) => {
    ownTest.slow();
    const projects = new ProjectsPage(page);
    await projects.goto(`${own.url}/projects`);
    const prod = projects.rows.filter({ has: page.getByTestId('locked-badge') }).filter({ hasText: 'Production-US-East' });
    // The locked name is a link to asking for access, from the keyboard too.
    await prod.getByRole('link', { name: 'Production-US-East' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/request-access/${PROD_US}$`));
    await expect(page.getByRole('heading', { name: 'Access to Production-US-East' })).toBeVisible();
    await expect(page.getByTestId('organisation-admins')).toContainText('Avery Admin admin@example.com');
    await expect(page.getByRole('link', { name: 'admin@example.com' })).toHaveAttribute('href', 'mailto:admin@example.com');

    // A note that is too long is named at its field, and nothing is sent.
    const form = page.getByTestId('access-form');
    await expect(form.getByLabel('Read Only')).toBeChecked();
    await form.getByLabel('Why you need it').fill('x'.repeat(1001));
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect(form.getByText('Use at most 1000 characters (1001 now).')).toBeVisible();
    await expect(form.getByLabel('Why you need it')).toBeFocused();
    await form.getByLabel('Data Admin').check();
    await form.getByLabel('Why you need it').fill('On call for the orders pipeline.');
    // A double click sends one request.
    await form.getByRole('button', { name: 'Send request' }).dblclick();
    const pending = page.getByTestId('access-pending');
    await expect(pending).toContainText('to be Data Admin');
    await expect(pending).toContainText('Avery Admin can answer it');
    await expect(pending).toContainText('On call for the orders pipeline.');
    // A reload keeps it: it is on the server.
    await page.reload();
    await expect(page.getByTestId('access-pending')).toContainText('to be Data Admin');
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
    await page.getByRole('button', { name: /Withdraw/ }).focus();

    // The admin, in a browser of their own, sees the count and grants it
    // as Read Only in one step.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signInByApi(admin.request, USERS.admin.email, own.url);
    await admin.goto(`${own.url}/projects`);
    await expect(admin.getByTestId('pending-access-count')).toContainText('1');
    await admin.getByRole('link', { name: /Access requests/ }).click();
    const item = admin.getByTestId('access-request').filter({ hasText: USERS.developer.email });
    await expect(item).toContainText('Asked to be Data Admin on Production-US-East');
    await item.getByLabel(`Role for ${USERS.developer.name}`).selectOption('read_only');
    await item.getByRole('button', { name: /^Grant access to/ }).click();
    await expect(admin.getByTestId('access-status')).toHaveText(`${USERS.developer.name} is now Read Only on Production-US-East.`);
    await expect(admin.getByTestId('access-queue-empty')).toBeVisible();
    await expect(admin.getByTestId('access-request').filter({ hasText: 'Granted as Read Only by Avery Admin' })).toHaveCount(1);
    await adminContext.close();

    // The developer's page, still open, says so at once (the button that had
    // the focus is gone, so the page's title takes it) and opens the project.
    await expect(page.getByTestId('access-granted')).toHaveText('You have access to Production-US-East as Read Only.');
    await expect(page.getByRole('heading', { name: 'Access to Production-US-East' })).toBeFocused();
    await page.reload();
    await expect(page.getByTestId('access-granted')).toHaveText('You have access to Production-US-East as Read Only.');
    await page.getByRole('link', { name: 'Open the project' }).click();
    await expect(page.getByTestId('dashboard')).toBeVisible();
  });

  ownTest('a deep link to a locked project offers to ask, and a request can be withdrawn', async ({ page, own }) => {
    await page.goto(`${own.url}/projects/${PROD_US}/dashboard`);
    await expect(page.getByTestId('project-no-access')).toBeVisible();
    await page.getByRole('link', { name: 'Request access' }).click();
    await page.getByTestId('access-form').getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByTestId('access-pending')).toContainText('to be Read Only');
    await page.getByTestId('cancel-access').click();
    await expect(page.getByTestId('access-form')).toBeVisible();
    await expect(page.getByTestId('access-pending')).toHaveCount(0);
    // A mistyped id says so.
    await page.goto(`${own.url}/request-access/not-an-id`);
    await expect(page.getByTestId('request-access')).toContainText('not-an-id is not a project id.');
  });
});

ownTest('an organisation admin declines on the members page, with a reason the requester reads', async ({ page, browser, own }) => {
  const devContext = await browser.newContext();
  const dev = await devContext.newPage();
  await signInByApi(dev.request, USERS.developer.email, own.url);
  const asked = await dev.request.post(`${own.url}/api/projects/${PROD_US}/access-requests`, {
    headers: { 'X-Console-Request': '1' },
    data: { role: 'admin' },
  });
  expect(asked.status()).toBe(201);

  await page.goto(`${own.url}/organisation/members`);
  const item = page.getByTestId('access-request').filter({ hasText: USERS.developer.email });
  await item.getByRole('button', { name: /^Decline/ }).click();
  await expect(page.getByLabel(`Why decline ${USERS.developer.name}'s request? (optional)`)).toBeFocused();
  await page.keyboard.type('Production needs a change ticket.');
  await page.getByRole('button', { name: 'Decline request' }).click();
  await expect(page.getByTestId('access-status')).toContainText('is declined');
  // Nothing else waits: the section leaves once read again.
  await page.reload();
  await expect(page.getByTestId('members-grid')).toBeVisible();
  await expect(page.getByTestId('access-queue')).toHaveCount(0);

  await dev.goto(`${own.url}/request-access/${PROD_US}`);
  await expect(dev.getByTestId('access-declined')).toContainText('Avery Admin declined your request on');
  await expect(dev.getByTestId('access-declined')).toContainText('Production needs a change ticket.');
  await expect(dev.getByTestId('access-form')).toBeVisible();
  await devContext.close();
});

ownTest('the access queue follows requests made and withdrawn elsewhere, never under a decline being written', async ({ page, browser, own }) => {
  const PROD_EU = '2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63';
  const devContext = await browser.newContext();
  const dev = devContext.request;
  await signInByApi(dev, USERS.developer.email, own.url);
  const ask = async (project: string) => {
    const res = await dev.post(`${own.url}/api/projects/${project}/access-requests`, {
      headers: { 'X-Console-Request': '1' },
      data: { role: 'data_admin' },
    });
    expect(res.status()).toBe(201);
    return (await res.json()).id as string;
  };
  const usId = await ask(PROD_US);

  await page.goto(`${own.url}/access-requests`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'open');
  const items = page.getByTestId('access-queue').getByTestId('access-request');
  const us = items.filter({ hasText: 'on Production-US-East' });
  await expect(us).toHaveCount(1);
  // A role chosen, not yet granted, with the focus on it.
  const role = us.getByLabel(`Role for ${USERS.developer.name}`);
  await role.selectOption('read_only');
  await role.focus();

  // A second request arrives: it shows without a reload, and the choice
  // and the focus stay where they were.
  await ask(PROD_EU);
  const eu = items.filter({ hasText: 'on Production-EU' });
  await expect(eu).toHaveCount(1);
  await expect(page.getByTestId('access-count')).toContainText('2');
  await expect(role).toHaveValue('read_only');
  await expect(role).toBeFocused();

  // While a decline is being written, a request withdrawn elsewhere does
  // not redraw the queue under it.
  await eu.getByRole('button', { name: /^Decline/ }).click();
  const reason = page.getByLabel(`Why decline ${USERS.developer.name}'s request? (optional)`);
  await expect(reason).toBeFocused();
  await page.keyboard.type('Needs a change ticket');
  const withdrawn = await dev.post(`${own.url}/api/access-requests/${usId}/cancel`, { headers: { 'X-Console-Request': '1' } });
  expect(withdrawn.ok()).toBe(true);
  // Give the change time to arrive, then check that nothing moved.
  await expect(page.getByTestId('pending-access-count')).toContainText('1');
  await expect(us).toHaveCount(1);
  await expect(reason).toHaveValue('Needs a change ticket');
  await expect(reason).toBeFocused();

  // Once the form is closed, the queue catches up.
  await page.getByRole('button', { name: 'Keep it' }).click();
  await expect(us).toHaveCount(0);
  await expect(page.getByTestId('access-count')).toContainText('1');
  await expect(page.getByTestId('access-request').filter({ hasText: 'Withdrawn by its requester' })).toHaveCount(1);
  await devContext.close();
});
