import * as fs from 'node:fs';
import { expect, test as ownTest } from './support/own-server';
import { signInByApi, USERS } from './support/auth';
import { send } from './support/api';
import { ProjectsPage } from './support/projects-page';

const PROD_US = '0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41';

// Each test changes members or projects: on a server of its own.

ownTest('an admin takes production away from a member, whose list then shows it locked', async ({ page, browser, own }) => {
  // Dana, Data Admin everywhere, is signed in elsewhere already.
  const danaContext = await browser.newContext();
  const dana = await danaContext.newPage();
  await signInByApi(dana.request, USERS.dataAdmin.email, own.url);
  const danaList = new ProjectsPage(dana);
  await danaList.goto(`${own.url}/projects`);
  await expect(danaList.rows.filter({ has: dana.getByTestId('locked-badge') })).toHaveCount(0);

  await page.goto(`${own.url}/organisation/members`);
  const grid = page.getByTestId('members-grid');
  const danaRow = grid.getByTestId('member-row').filter({ hasText: USERS.dataAdmin.email });
  await expect(danaRow).toContainText('Data Admin');
  // The grid shows only production projects when asked, and a reload keeps it.
  await page.getByLabel('Projects shown').selectOption('production');
  await expect(page).toHaveURL(/environment=production/);
  await page.reload();
  await expect(page.getByTestId('members-count')).toContainText('6 projects shown');

  await page.getByRole('button', { name: `Edit ${USERS.dataAdmin.name}` }).click();
  const editor = page.getByTestId('member-editor');
  await expect(editor.getByLabel('Name', { exact: true })).toBeFocused();
  await editor.getByLabel('Environment').selectOption('production');
  await editor.getByLabel('Set every project shown to').selectOption('');
  await editor.getByRole('button', { name: 'Apply' }).click();
  await expect(editor.getByLabel('Production-US-East', { exact: true })).toHaveValue('none');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('members-status')).toHaveText(`${USERS.dataAdmin.name}'s access is saved.`);
  await expect(danaRow.locator('td').first()).toContainText('No access');
  await expect(danaRow).not.toContainText('Data Admin');

  // Dana's next look at the list shows the six production projects locked.
  await dana.reload();
  await expect(danaList.rows.filter({ has: dana.getByTestId('locked-badge') })).toHaveCount(6);
  // Opening one says why.
  await dana.goto(`${own.url}/projects/${PROD_US}/dashboard`);
  await expect(dana.getByTestId('project-no-access')).toBeVisible();
  await danaContext.close();

  // The last organisation admin cannot step down.
  await page.getByRole('button', { name: `Edit ${USERS.admin.name}` }).click();
  await editor.getByLabel('Organisation admin').uncheck();
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(editor.getByRole('alert')).toContainText('last admin');
  await expect(editor.getByLabel('Organisation admin')).not.toBeChecked();
});

ownTest('an invitation link sets a password once, then is refused', async ({ page, browser, own }) => {
  // Three browsers and a password hashed on the server.
  ownTest.slow();
  await page.goto(`${own.url}/organisation/members`);
  await page.getByTestId('invite-open').click();
  const editor = page.getByTestId('member-editor');
  await expect(editor.getByLabel('Email')).toBeFocused();
  // Mistakes are named beside their fields; nothing typed is lost.
  await editor.getByLabel('Name', { exact: true }).fill('Kim Lee');
  await editor.getByLabel('Email').fill('kim.lee');
  await editor.getByRole('button', { name: 'Invite' }).click();
  await expect(editor.getByText('Enter an email address such as ana@example.com.')).toBeVisible();
  await expect(editor.getByLabel('Name', { exact: true })).toHaveValue('Kim Lee');
  // A taken email is said at its field.
  await editor.getByLabel('Email').fill(USERS.developer.email);
  await editor.getByRole('button', { name: 'Invite' }).click();
  await expect(editor.getByText('Someone in the organisation already has this email.')).toBeVisible();
  await editor.getByLabel('Email').fill('kim.lee@example.com');
  await editor.getByLabel('Production-US-East', { exact: true }).selectOption('read_only');
  await editor.getByRole('button', { name: 'Invite' }).click();

  const once = page.getByTestId('link-once');
  await expect(once).toContainText('Send Kim Lee this link to set their password');
  await expect(once).toContainText('sends no email');
  const link = (await once.getByTestId('link-value').textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${own.url}/set-password#token=inv_[0-9a-f]{64}$`));
  const kimRow = page.getByTestId('member-row').filter({ hasText: 'kim.lee@example.com' });
  await expect(kimRow).toContainText('Invited');
  await once.getByRole('button', { name: 'I have sent it' }).click();
  await expect(once).toHaveCount(0);

  // Kim, in a browser of their own.
  const kimContext = await browser.newContext();
  const kim = await kimContext.newPage();
  await kim.goto(link);
  await expect(kim.getByTestId('set-password')).toContainText('For Kim Lee (kim.lee@example.com)');
  await kim.getByLabel('New password').fill('short');
  await kim.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(kim.getByText('Use at least 12 characters.')).toBeVisible();
  await kim.getByLabel('New password').fill('kims own long password');
  await kim.getByLabel('The same password again').fill('kims own long passw0rd');
  await kim.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(kim.getByText('The two passwords differ. Type the same one twice.')).toBeVisible();
  await kim.getByLabel('The same password again').fill('kims own long password');
  await kim.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(kim.getByTestId('signed-in-user')).toHaveText('Kim Lee');
  await expect(kim.getByTestId('project-row')).not.toHaveCount(0);
  await kimContext.close();

  // The same link, again: refused, and it says what to do.
  const againContext = await browser.newContext();
  const again = await againContext.newPage();
  await again.goto(link);
  await expect(again.getByTestId('link-problem')).toContainText('already used');
  await expect(again.getByLabel('New password')).toHaveCount(0);
  await againContext.close();

  // In the admin's grid, Kim is a member like any other now.
  await page.reload();
  await expect(kimRow).not.toContainText('Invited');
});

ownTest('the activity page shows the rename just made, by whom, and its filters survive a reload', async ({ page, own }) => {
  await send(page.request, 'PATCH', `${own.url}/api/projects/${PROD_US}`, { name: 'Prod-US-Renamed' });
  await page.goto(`${own.url}/projects/${PROD_US}/activity`);
  const first = page.getByTestId('activity-entry').first();
  await expect(first).toContainText('Project renamed');
  await expect(first).toContainText(USERS.admin.name);
  await expect(first).toContainText(USERS.admin.email);
  await expect(first).toContainText('Name: Production-US-East → Prod-US-Renamed');
  await expect(first).toContainText('127.0.0.1');

  // A token created in the console is there too, and the filters narrow.
  await send(page.request, 'POST', `${own.url}/api/projects/${PROD_US}/client-credentials`, {
    description: 'Nightly export',
    role_ids: ['read_only'],
  });
  await page.reload();
  await expect(page.getByTestId('activity-count')).toHaveText('2 changes');
  await page.getByLabel('What').selectOption('project.renamed');
  await page.getByLabel('Who').fill('avery');
  await page.getByLabel('Who').press('Enter');
  await expect(page).toHaveURL(/action=project\.renamed/);
  await expect(page.getByTestId('activity-count')).toHaveText('1 change');
  await page.reload();
  await expect(page.getByLabel('What')).toHaveValue('project.renamed');
  await expect(page.getByTestId('activity-entry')).toHaveCount(1);
  // A range that ends before it starts is named at its field.
  await page.getByLabel('From', { exact: true }).fill('2026-03-02');
  await page.getByLabel('To', { exact: true }).fill('2026-03-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Choose a day on or after the first day.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('activity-count')).toHaveText('2 changes');

  // The CSV file holds what the page lists.
  const download = page.waitForEvent('download');
  await page.getByTestId('activity-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`activity-${PROD_US}.csv`);
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(text).toContain('Avery Admin,user,admin@example.com,127.0.0.1,project.renamed,Prod-US-Renamed');
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded 2 changes.' })).toBeVisible();
});

ownTest.describe('as a member without organisation rights', () => {
  ownTest.use({ signInAs: USERS.developer.email });

  ownTest('members and the organisation log are refused, a project of theirs has its own log', async ({ page, own }) => {
    await page.goto(`${own.url}/organisation/members`);
    await expect(page.getByTestId('organisation-only')).toContainText('Only organisation admins');
    await expect(page.getByRole('link', { name: 'Members' })).toHaveCount(0);
    await page.goto(`${own.url}/organisation/activity`);
    await expect(page.getByTestId('organisation-only')).toBeVisible();
    await page.goto(`${own.url}/projects/8def9e12-afc2-41f3-8a9b-d2148fa0f1c9/activity`);
    await expect(page.getByTestId('activity-empty')).toContainText('Nothing has changed in this project yet.');
  });
});
