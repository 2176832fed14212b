import { expect, Page, test } from '@playwright/test';
import { Console } from './support/console';
import { ProjectsPage } from './support/projects-page';
import { dashboardPath, PROJECTS, settingsPath } from './support/projects';
import { DEMO_PASSWORD, signInByApi, signInWithForm, USERS } from './support/auth';
import { CONSOLE_HEADERS, lastProjectKey, store, stored } from './support/api';

// Every test here starts signed out.
test.use({ storageState: { cookies: [], origins: [] } });

const { prodUsEast, devEu } = PROJECTS;

/** Fails the test on any Content-Security-Policy violation the page reports. */
function watchPolicy(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

test('a page opened signed out leads to sign-in and back to that page', async ({ page }) => {
  const violations = watchPolicy(page);
  await page.goto(settingsPath(devEu.id, 'api'));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the projects console');
  await expect(page.getByTestId('project-selector')).toHaveCount(0);

  // Empty fields are named; a wrong password says so without saying which part.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeFocused();
  await signInWithForm(page, USERS.developer.email, 'not the password');
  await expect(page.getByTestId('sign-in-error')).toHaveText('The email or password is wrong.');
  await expect(page.getByLabel('Email')).toHaveValue(USERS.developer.email);

  await signInWithForm(page, USERS.developer.email);
  await expect(page).toHaveURL(settingsPath(devEu.id, 'api'));
  await expect(page.getByRole('tab', { name: 'API', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('signed-in-user')).toHaveText(USERS.developer.name);
  // The session cookie is out of the page's reach.
  expect(await page.evaluate(() => document.cookie)).not.toContain('tributary_session');
  expect(violations).toEqual([]);
});

test('projects without access are listed locked and cannot be opened', async ({ page }) => {
  await signInByApi(page.request, USERS.developer.email);
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.expectAll();
  const locked = projects.rows.filter({ has: page.getByTestId('locked-badge') });
  await expect(locked).toHaveCount(6);
  const prod = locked.filter({ hasText: prodUsEast.name });
  const cells = (await prod.locator('th, td').allInnerTexts()).map((t) => t.trim());
  expect(cells[0]).toContain('No access');
  expect(cells[1].toLowerCase()).toBe('production');
  expect(cells[3]).toContain('AVAILABLE');
  for (const hidden of [cells[2], cells[4], cells[5]]) expect(hidden).toContain('Hidden: no access');
  await expect(prod).not.toContainText('us-east-1');

  // "Only projects I can open" leaves the locked ones out, in the URL.
  const total = await projects.rows.count();
  await page.getByLabel('Only projects I can open').check();
  await expect(page).toHaveURL(/access=mine/);
  await expect(projects.rows).toHaveCount(total - 6);
  await expect(page.getByTestId('locked-badge')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Only projects I can open')).toBeChecked();
  await expect(projects.rows).toHaveCount(total - 6);
  await page.goBack();
  await expect(page).not.toHaveURL(/access=mine/);
  await expect(locked).toHaveCount(6);

  // Its name leads to asking for access, with the keyboard too.
  const app = new Console(page);
  await prod.getByRole('link', { name: prodUsEast.name }).click();
  await expect(page).toHaveURL(new RegExp(`/request-access/${prodUsEast.id}$`));
  await expect(page.getByTestId('request-access')).toContainText('You have no role on Production-US-East');
  await page.goBack();
  await prod.getByRole('link', { name: prodUsEast.name }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/request-access/${prodUsEast.id}$`));

  // The quick switcher lists it locked, and picking it leads there too.
  await projects.goto();
  await expect(locked).toHaveCount(6);
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Production-US-East');
  await expect(app.switcher.getByRole('option').first()).toContainText('No access');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/request-access/${prodUsEast.id}$`));

  // A deep link says the same, and nothing of the project shows.
  await page.goto(dashboardPath(prodUsEast.id));
  await expect(page.getByTestId('project-no-access')).toContainText(
    "You don't have access to Production-US-East; ask an Admin of that project.",
  );
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
});

test('a read-only user sees settings with every change disabled and the reason', async ({ page }) => {
  await signInByApi(page.request, USERS.readOnly.email);
  await page.goto(settingsPath(devEu.id, 'details'));
  await expect(page.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await expect(page.getByTestId('blocked-reason')).toHaveText(
    "Your role on Development-EU (Read Only) does not allow you to change the project's settings; ask an Admin of the project.",
  );

  await page.getByRole('tab', { name: 'API', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Create token' })).toBeDisabled();
  await expect(page.getByTestId('blocked-reason')).toContainText('(Read Only) does not allow you to manage API tokens and Kafka users');

  await page.getByRole('tab', { name: 'Kafka Access', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Create Kafka user' })).toBeDisabled();
  await expect(page.getByTestId('blocked-reason')).toContainText('(Read Only)');
});

test('a data admin manages tokens but cannot rename the project', async ({ page }) => {
  await signInByApi(page.request, USERS.dataAdmin.email);
  await page.goto(settingsPath(devEu.id, 'details'));
  await expect(page.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await expect(page.getByTestId('blocked-reason')).toContainText('(Data Admin) does not allow you to change the project');
  await page.getByRole('tab', { name: 'API', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Create token' })).toBeEnabled();
  await expect(page.getByTestId('blocked-reason')).toHaveCount(0);
  // A role above their own cannot be given.
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByRole('radio', { name: /^Admin/ })).toBeDisabled();
  await expect(page.getByText('Above your own role: only an Admin can give it.')).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Data Admin/ })).toBeEnabled();
});

test('signing out ends the session, and Back shows nothing private', async ({ page }) => {
  await page.goto('/sign-in');
  await signInWithForm(page, USERS.admin.email);
  await expect(page).toHaveURL(/\/(projects|projects\/.*)$/);
  await page.goto(dashboardPath(devEu.id));
  await new Console(page).expectDashboard(devEu);

  await page.getByRole('button', { name: `Sign out ${USERS.admin.email}` }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const after = await page.request.get('/api/auth/me');
  expect(after.status()).toBe(401);

  await page.goBack();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the projects console');
  await expect(page.getByTestId('dashboard')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(devEu.name);
});

test('a session that ends mid-use leads to sign-in and back', async ({ page, context }) => {
  await signInByApi(page.request, USERS.admin.email);
  const projects = new ProjectsPage(page);
  await projects.goto('/projects?q=Production');
  await expect(projects.rows.first()).toBeVisible();
  // Signed out elsewhere: the server ends the session, the cookie stays.
  const cookies = await context.cookies();
  const out = await page.request.post('/api/auth/logout', { headers: CONSOLE_HEADERS });
  expect(out.status()).toBe(204);
  await context.addCookies(cookies);
  // The live-update stream, or a request made in the background, may notice
  // the end of the session first and leave the page; if not, the next
  // request (Refresh) is refused and does the same.
  await projects.refresh.click({ timeout: 5_000 }).catch(() => {});
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects%3Fq%3DProduction$/);
  await expect(page.getByTestId('session-ended')).toHaveText('You are signed out. Sign in to continue.');
  await signInWithForm(page, USERS.admin.email);
  await expect(page).toHaveURL(/\/projects\?q=Production$/);
  await expect(projects.rows.first()).toBeVisible();
});

test("signing in as someone else never opens the previous user's project", async ({ page }) => {
  await signInByApi(page.request, USERS.admin.email);
  await page.goto(dashboardPath(prodUsEast.id));
  await new Console(page).expectDashboard(prodUsEast);
  await page.goto('/');
  await expect(page).toHaveURL(dashboardPath(prodUsEast.id));

  await page.getByRole('button', { name: `Sign out ${USERS.admin.email}` }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signInWithForm(page, USERS.developer.email);
  // The developer has no remembered project (and no access to the admin's).
  await expect(page).toHaveURL(/\/projects$/);
  // The list has drawn before anything is said to be absent from it.
  await expect(new ProjectsPage(page).rows.first()).toBeVisible();
  await expect(page.getByTestId('project-no-access')).toHaveCount(0);
  await expect(new Console(page).selector).toContainText('Choose a project');
  // Nor does the list, after a reload, name it.
  await page.reload();
  await expect(new ProjectsPage(page).rows.first()).toBeVisible();
  await expect(page.getByTestId('current-badge')).toHaveCount(0);
  await expect(new Console(page).selector).toContainText('Choose a project');
});

test('a remembered project the user lost access to falls back to the list', async ({ page }) => {
  await signInByApi(page.request, USERS.developer.email);
  await page.goto('/projects');
  await store(page, await lastProjectKey(page), prodUsEast.id);
  await page.goto('/');
  await expect(page).toHaveURL(/\/projects$/);
  await expect(new Console(page).notice).toContainText(
    "You don't have access to Production-US-East; ask an Admin of that project.",
  );
});

test('after a reload of the list, a remembered project the user lost access to is not named', async ({ page }) => {
  await signInByApi(page.request, USERS.developer.email);
  await page.goto('/projects');
  const key = await lastProjectKey(page);
  await store(page, key, prodUsEast.id);
  await page.reload();
  const app = new Console(page);
  await expect(app.notice).toContainText(
    "You don't have access to Production-US-East; ask an Admin of that project.",
  );
  await expect(app.selector).toContainText('Choose a project');
  await expect(page.getByTestId('current-badge')).toHaveCount(0);
  expect(await stored(page, key)).toBeNull();
});

test('too many wrong passwords are slowed down', async ({ page }) => {
  await page.goto('/sign-in');
  for (let i = 0; i < 5; i++) {
    await signInWithForm(page, 'nobody-here@example.com', `wrong-${i}`);
    await expect(page.getByTestId('sign-in-error')).toHaveText('The email or password is wrong.');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await signInWithForm(page, 'nobody-here@example.com', DEMO_PASSWORD);
  await expect(page.getByTestId('sign-in-error')).toContainText('Too many failed sign-ins. Try again in');
});

test('the password can be shown while typing it, and a forgotten one has a way out', async ({ page }) => {
  await page.goto('/sign-in');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('tributary-dem');
  await expect(password).toHaveAttribute('type', 'password');
  const show = page.getByRole('button', { name: 'Show' });
  await expect(show).toHaveAttribute('aria-pressed', 'false');
  await show.click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-pressed', 'true');
  await expect(password).toHaveValue('tributary-dem');
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(password).toHaveAttribute('type', 'password');
  await expect(page.getByTestId('forgot-password')).toContainText('Forgot your password?');
  // Signing in still works from here.
  await page.getByLabel('Email').fill(USERS.admin.email);
  await password.fill(DEMO_PASSWORD);
  await password.press('Enter');
  await expect(page).toHaveURL(/\/projects/);
});
