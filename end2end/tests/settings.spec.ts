import { expect, Page, test } from '@playwright/test';
import { Console } from './support/console';
import { ProjectsPage } from './support/projects-page';
import { dashboardPath, PROJECTS, settingsPath } from './support/projects';
import { test as ownTest } from './support/own-server';

const { prodUsEast, prodEu, stagingEu, devEu } = PROJECTS;
const devAnalytics = { id: 'a0f1b034-c1e4-4315-8cbd-f436abc213eb', name: 'Development-Analytics' };
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });

test('each settings tab opens by deep link and by keyboard', async ({ page }) => {
  for (const [slug, name, text] of [
    ['details', 'Details', prodUsEast.id],
    ['location', 'Location', 'US East (N. Virginia)'],
    ['api', 'API', 'Create a token'],
    ['kafka-access', 'Kafka Access', 'Kafka users'],
  ]) {
    await page.goto(settingsPath(prodUsEast.id, slug));
    await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).toContainText(text);
    await page.reload();
    await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true');
  }
  // Arrow keys move between tabs, and the URL follows; Back returns.
  await page.goto(settingsPath(prodUsEast.id, 'details'));
  await tab(page, 'Details').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/settings\/location$/);
  await expect(tab(page, 'Location')).toBeFocused();
  await expect(tab(page, 'Location')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/\/settings\/kafka-access$/);
  await expect(tab(page, 'Kafka Access')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\/settings\/api$/);
  // The tab's code arrives as its chunk: the focus follows once it shows.
  await expect(tab(page, 'API')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page).toHaveURL(/\/settings\/details$/);
  await expect(tab(page, 'Details')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(/\/settings\/kafka-access$/);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/\/settings\/details$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/settings\/kafka-access$/);
  // `/settings` opens Details; an unknown tab is not found.
  await page.goto(`/projects/${prodUsEast.id}/settings`);
  await expect(page).toHaveURL(/\/settings\/details$/);
  await page.goto(settingsPath(prodUsEast.id, 'billing'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('the selector keeps the settings tab when switching project', async ({ page }) => {
  const app = new Console(page);
  await page.goto(settingsPath(devEu.id, 'api'));
  await expect(app.selectorName).toHaveText(devEu.name);
  await app.selector.click();
  await app.switcherInput.fill('Production-EU');
  await app.switcher.getByRole('option', { name: /Production-EU/ }).click();
  await expect(page).toHaveURL(new RegExp(`${settingsPath(prodEu.id, 'api')}$`));
  await expect(app.selectorName).toHaveText(prodEu.name);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(prodEu.name);
});

ownTest('renaming checks the name, and the top bar and the list follow without a reload', async ({ page, own }) => {
  const app = new Console(page);
  await page.goto(own.url + settingsPath(devAnalytics.id, 'details'));
  const name = page.getByLabel('Project name');
  const save = page.getByRole('button', { name: 'Save name' });
  await name.fill('  ');
  await save.click();
  await expect(page.getByTestId('project-name-error')).toHaveText('Give the project a name.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  // Another project's name, in another case: the server says it is taken.
  await name.fill('production-eu');
  await save.click();
  await expect(page.getByTestId('project-name-error')).toContainText('Another project is already called production-eu');
  await expect(name).toHaveValue('production-eu');
  // Changing the value takes the server's word about the old one away.
  await name.press('2');
  await expect(page.getByTestId('project-name-error')).toBeEmpty();
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  // A name too long is said while it is typed, not only on submit.
  await name.fill('x'.repeat(65));
  await expect(page.getByTestId('project-name-error')).toHaveText('Use at most 64 characters (65 now).');

  await name.fill('Development-Analytics-2');
  await save.click();
  await expect(page.getByTestId('rename-status')).toHaveText('Renamed to Development-Analytics-2.');
  await expect(page.getByTestId('project-name-error')).toBeEmpty();
  await expect(app.selectorName).toHaveText('Development-Analytics-2');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Development-Analytics-2');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
  const projects = new ProjectsPage(page);
  await expect(projects.row('Development-Analytics-2')).toHaveCount(1);
  await expect(projects.row(devAnalytics.name)).toHaveCount(0);
  // After a reload, the new name is what the server and the console keep.
  await page.reload();
  await expect(projects.row('Development-Analytics-2')).toHaveCount(1);
});

ownTest('an API token shows its secret once; regenerate and delete ask first', async ({ page, own }) => {
  await page.goto(own.url + settingsPath(prodEu.id, 'api'));
  await expect(page.getByTestId('tokens-empty')).toBeVisible();
  // The form opens behind its button; sent empty, it names what is missing.
  const create = page.getByRole('button', { name: 'Create token' });
  await create.click();
  await expect(page.getByLabel('Description')).toBeFocused();
  await create.click();
  await expect(page.getByText('Describe what the token is for.')).toBeVisible();
  await expect(page.getByText("Choose the token's role.")).toBeVisible();

  // One role per token, and an expiry unless "never" is chosen, with a warning.
  await page.getByLabel('Description').fill('CI deploys');
  await page.getByRole('radio', { name: /^Admin/ }).check();
  await page.getByRole('radio', { name: /Data Admin/ }).check();
  await expect(page.getByRole('radio', { name: /^Admin/ })).not.toBeChecked();
  await expect(page.getByLabel('Expires')).toHaveValue('90');
  await expect(page.getByTestId('never-warning')).toBeHidden();
  await page.getByLabel('Expires').selectOption('never');
  await expect(page.getByTestId('never-warning')).toContainText('keeps working until someone deletes it');
  await create.click();
  const secretPanel = page.getByTestId('secret-once');
  await expect(secretPanel).toContainText('This is the only time the secret is shown.');
  const secret = (await page.getByTestId('secret-value').innerText()).trim();
  expect(secret).toMatch(/^cs_[0-9a-f]{64}$/);
  const row = page.getByTestId('token-row').filter({ hasText: 'CI deploys' });
  await expect(row).toContainText('Data Admin');
  await expect(row).toContainText('Never');
  // The form closes once the token is made; its button opens an empty one.
  await expect(page.getByTestId('create-token')).toHaveCount(0);
  await create.click();
  await expect(page.getByLabel('Description')).toHaveValue('');
  await expect(page.getByLabel('Expires')).toHaveValue('90');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('create-token')).toHaveCount(0);

  // The exchange is ready to paste, and the credentials can be saved.
  await expect(secretPanel.getByTestId('exchange-curl')).toContainText(
    `"client_id": "${(await secretPanel.locator('code').first().innerText()).trim()}"`);
  const saving = page.waitForEvent('download');
  await secretPanel.getByTestId('secret-download').click();
  expect((await saving).suggestedFilename()).toMatch(/^tributary-token-.*\.json$/);
  // Leaving before "I have copied it" asks first: a link answered "stay"
  // stays, and a reload gets the browser's own question.
  page.once('dialog', (dialog) => {
    expect(dialog.type()).toBe('confirm');
    expect(dialog.message()).toContain("copying the token's secret");
    void dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Dashboard' }).first().click();
  await expect(page).toHaveURL(/\/settings\/api$/);
  await expect(secretPanel).toBeVisible();
  // So does the browser's Back: answered "stay", the page and its secret stay.
  const backAsked = new Promise<string>((resolve) => page.once('dialog', (dialog) => {
    resolve(dialog.message());
    void dialog.dismiss();
  }));
  await page.goBack({ waitUntil: 'commit' });
  expect(await backAsked).toContain("copying the token's secret");
  await expect(page).toHaveURL(/\/settings\/api$/);
  await expect(secretPanel).toBeVisible();
  await expect(page.getByTestId('secret-value')).toHaveText(secret);
  // So do a project picked in the quick switcher, and Sign out.
  const refusals: string[] = [];
  page.on('dialog', (dialog) => {
    refusals.push(dialog.message());
    void dialog.dismiss();
  });
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Switch project' });
  await switcher.getByRole('combobox').fill('Development-EU');
  await expect(switcher.getByRole('option').first()).toContainText('Development-EU');
  await page.keyboard.press('Enter');
  await expect.poll(() => refusals.length).toBe(1);
  await expect(page).toHaveURL(/\/settings\/api$/);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Sign out/ }).click();
  await expect.poll(() => refusals.length).toBe(2);
  expect(refusals.every((m) => m.includes("copying the token's secret"))).toBe(true);
  await expect(page).toHaveURL(/\/settings\/api$/);
  await expect(secretPanel).toBeVisible();
  page.removeAllListeners('dialog');
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => {
    resolve(dialog.type());
    void dialog.accept();
  }));
  // After a reload, the secret is nowhere on the page.
  await page.reload();
  expect(await asked).toBe('beforeunload');
  await expect(row).toHaveCount(1);
  await expect(secretPanel).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // Regenerate: a confirmation naming the token, then a new secret once.
  await row.getByRole('button', { name: 'Regenerate the secret of CI deploys' }).click();
  const confirm = page.getByTestId('confirm-token');
  await expect(confirm).toContainText('Regenerate the token \u201cCI deploys\u201d?');
  await confirm.getByRole('button', { name: 'Regenerate token' }).click();
  await expect(secretPanel).toContainText('regenerated');
  const fresh = (await page.getByTestId('secret-value').innerText()).trim();
  expect(fresh).not.toEqual(secret);
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(secretPanel).toHaveCount(0);
  // Dismissed, it leaves no extra step in the history behind.
  await expect.poll(() => page.evaluate(() => String(history.state))).not.toMatch(/^tributary-leave-guard/);

  // Delete: cancel keeps it; on a production project the token's name
  // must be typed before the button works, and Enter alone does nothing.
  await row.getByRole('button', { name: 'Delete CI deploys' }).click();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Delete CI deploys' }).click();
  await expect(confirm).toContainText('Delete the token \u201cCI deploys\u201d?');
  const typed = confirm.getByLabel('Type CI deploys to confirm');
  await expect(typed).toBeFocused();
  const remove = confirm.getByRole('button', { name: 'Delete token' });
  await expect(remove).toBeDisabled();
  await typed.press('Enter');
  await expect(row).toHaveCount(1);
  await typed.fill('CI deploy');
  await expect(remove).toBeDisabled();
  await typed.fill('CI deploys');
  await remove.click();
  await expect(page.getByTestId('tokens-empty')).toBeVisible();
});

ownTest('a Kafka user is created, edited and deleted, with field errors for bad input', async ({ page, own }) => {
  await page.goto(own.url + settingsPath(devEu.id, 'kafka-access'));
  // One story: the protocol, its mechanism and the one port clients use.
  await expect(page.getByTestId('connection-summary')).toHaveText(
    "Clients connect with SASL_SSL (TLS, then a Kafka user's username and password, mechanism PLAIN) on port 9092: every broker below and the proxy endpoint listen on it.",
  );
  // Every address is masked until revealed, the proxy endpoint as the brokers.
  const proxy = page.getByTestId('masked-value').nth(1);
  await expect(proxy).not.toContainText('proxy');
  await page.getByRole('button', { name: 'Reveal Kafka proxy endpoint' }).click();
  await expect(proxy).toContainText('proxy.development-eu.europe-west3');
  await expect(proxy).toContainText(':9092');
  const brokers = page.getByTestId('masked-value').first();
  await expect(brokers).not.toContainText('kafka');
  await page.getByRole('button', { name: 'Reveal Kafka bootstrap servers' }).click();
  await expect(brokers).toContainText('b-1.development-eu.europe-west3.kafka');
  await page.getByRole('button', { name: 'Hide Kafka bootstrap servers' }).click();
  await expect(brokers).not.toContainText('kafka');
  await page.getByRole('button', { name: 'Create Kafka user' }).click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('Username').fill('Orders_App');
  await form.getByLabel('Password', { exact: true }).fill('short');
  const ips = form.getByRole('textbox', { name: 'Allowed IPs' });
  await ips.fill('203.0.113.7');
  await ips.press('Enter');
  await expect(form.getByText("'203.0.113.7' is not in CIDR form")).toBeVisible();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByText('Use lowercase letters, digits and dashes only.')).toBeVisible();
  await expect(form.getByText('Use 12 to 128 characters (5 now).')).toBeVisible();
  // The refused entry still in the box is not dropped: it blocks the save.
  await expect(ips).toHaveValue('203.0.113.7');
  await expect(ips).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Username')).toBeFocused();

  await form.getByLabel('Username').fill('orders-app');
  await form.getByRole('button', { name: 'Generate' }).click();
  expect((await form.getByLabel('Password', { exact: true }).inputValue()).length).toBe(24);
  await ips.fill('203.0.113.0/24');
  await ips.press(',');
  await expect(form.getByTestId('cidr-chip')).toHaveText(['203.0.113.0/24×']);
  // The ACL editor offers only what the resource allows, several
  // operations on one row.
  await form.getByRole('button', { name: 'Add ACL' }).click();
  await form.getByLabel('Name 1').fill('orders.');
  await form.getByLabel('Pattern 1').selectOption('PREFIXED');
  const ops1 = form.getByRole('group', { name: 'Operations 1' });
  await ops1.getByLabel('WRITE', { exact: true }).check();
  await ops1.getByLabel('READ', { exact: true }).uncheck();
  await form.getByLabel('Resource 1').selectOption('GROUP');
  await expect(ops1.getByRole('checkbox')).toHaveCount(3);
  await expect(ops1.locator('label')).toHaveText(['DELETE', 'DESCRIBE', 'READ']);
  // Nothing ticked is named at the ACLs when saving.
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByText('ACL 1: tick at least one operation.')).toBeVisible();
  await form.getByLabel('Resource 1').selectOption('TOPIC');
  await ops1.getByLabel('WRITE', { exact: true }).check();
  // A preset adds what consuming needs, and says first what is missing.
  const presets = form.getByTestId('acl-presets');
  await presets.getByRole('button', { name: 'Consume from it' }).click();
  await expect(presets.getByTestId('preset-error')).toContainText('Give the topic');
  await presets.getByLabel('Topic', { exact: true }).fill('orders.');
  await presets.getByLabel('Every topic starting with it').check();
  await presets.getByRole('button', { name: 'Consume from it' }).click();
  await expect(presets.getByTestId('preset-error')).toContainText('consumer group');
  await expect(presets.getByLabel(/^Consumer group/)).toBeFocused();
  await presets.getByLabel(/^Consumer group/).fill('orders-service');
  await presets.getByRole('button', { name: 'Consume from it' }).click();
  // READ and DESCRIBE join WRITE on the same topic's row; the group has one.
  await expect(form.getByTestId('acl-row')).toHaveCount(2);
  for (const op of ['DESCRIBE', 'READ', 'WRITE']) await expect(ops1.getByLabel(op, { exact: true })).toBeChecked();
  await expect(ops1.getByLabel('ALL', { exact: true })).not.toBeChecked();
  await expect(form.getByLabel('Resource 2')).toHaveValue('GROUP');
  await expect(form.getByRole('group', { name: 'Operations 2' }).getByLabel('READ', { exact: true })).toBeChecked();
  // Asked again, it adds nothing it already added.
  await presets.getByRole('button', { name: 'Consume from it' }).click();
  await expect(form.getByTestId('acl-row')).toHaveCount(2);
  const generated = await form.getByLabel('Password', { exact: true }).inputValue();
  await form.getByRole('button', { name: 'Create user' }).click();
  // The password is shown once, with client configurations that use it.
  const once = page.getByTestId('kafka-secret-once');
  await expect(once.getByRole('heading', { level: 3 })).toHaveText('Kafka user \u201corders-app\u201d created: copy its password now');
  await expect(once.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(once.getByTestId('kafka-password-value')).toHaveText(generated);
  const snippets = once.getByTestId('client-snippet');
  await expect(snippets).toHaveCount(3);
  await expect(snippets.nth(0)).toContainText('bootstrap.servers=b-1.development-eu.europe-west3.kafka');
  await expect(snippets.nth(0)).toContainText(`username="orders-app" password="${generated}";`);
  await expect(snippets.nth(1)).toContainText('"sasl.mechanism": "PLAIN"');
  await expect(snippets.nth(2)).toContainText('kcat -b');
  await once.getByRole('button', { name: 'I have copied it' }).click();
  await expect(once).toHaveCount(0);
  await expect(page.getByText(generated)).toHaveCount(0);
  const row = page.getByTestId('user-row').filter({ hasText: 'orders-app' });
  await expect(row).toContainText('203.0.113.0/24');
  await expect(row).toContainText('DESCRIBE, READ, WRITE on TOPIC orders.*');
  await expect(row).toContainText('READ on GROUP orders-service');

  // The same name again: the server's conflict shows on the username.
  await page.getByRole('button', { name: 'Create Kafka user' }).click();
  await form.getByLabel('Username').fill('orders-app');
  await form.getByLabel('Password', { exact: true }).fill('another-long-password');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByText('already has a Kafka user named orders-app')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  // Edit: the username is fixed; a new IP; the password kept.
  await row.getByRole('button', { name: 'Edit orders-app' }).click();
  await expect(form.getByLabel('Username')).toHaveAttribute('readonly', '');
  // An entry typed but not yet added counts when saving.
  await form.getByRole('textbox', { name: 'Allowed IPs' }).fill('2001:db8::/32');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(row).toContainText('203.0.113.0/24, 2001:db8::/32');

  // Search by username or IP.
  const search = page.getByLabel('Search by username or IP');
  await search.fill('2001:db8');
  await expect(row).toHaveCount(1);
  await search.fill('nobody');
  await expect(page.getByTestId('users-no-match')).toBeVisible();
  await search.fill('');

  // The confirmation starts on Cancel: an Enter pressed by habit keeps the user.
  await row.getByRole('button', { name: 'Delete orders-app' }).click();
  await expect(page.getByTestId('confirm-user')).toContainText('Delete the Kafka user \u201corders-app\u201d?');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-user')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Delete orders-app' }).click();
  await page.getByRole('button', { name: 'Delete user' }).click();
  await expect(page.getByTestId('users-empty')).toBeVisible();

  // Back while a password is shown asks; answered "leave", it goes back.
  await page.goto(own.url + dashboardPath(devEu.id));
  await page.goto(own.url + settingsPath(devEu.id, 'kafka-access'));
  await page.getByRole('button', { name: 'Create Kafka user' }).click();
  await form.getByLabel('Username').fill('leaving-app');
  await form.getByRole('button', { name: 'Generate' }).click();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(once).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${dashboardPath(devEu.id)}$`));
});

test('an UNAVAILABLE project shows its settings with the changes disabled, and says why', async ({ page }) => {
  const reason = /This project is UNAVAILABLE \(paused or stopped\)/;
  await page.goto(settingsPath(stagingEu.id, 'details'));
  await expect(page.getByTestId('unavailable-notice')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save name' })).toBeDisabled();
  await expect(page.getByText(reason)).toBeVisible();
  await tab(page, 'API').click();
  await expect(page.getByRole('button', { name: 'Create token' })).toBeDisabled();
  await expect(page.getByText(reason)).toBeVisible();
  await tab(page, 'Kafka Access').click();
  await expect(page.getByRole('button', { name: 'Create Kafka user' })).toBeDisabled();
  await expect(page.getByText(reason)).toBeVisible();
});

test('the API reference lists every endpoint by area, from the server\'s OpenAPI document', async ({ page }) => {
  await page.goto(settingsPath(prodUsEast.id, 'api'));
  await page.getByRole('link', { name: 'API reference' }).first().click();
  await expect(page).toHaveURL(/\/api-reference$/);
  const sections = page.getByTestId('reference-section');
  await expect(sections.getByRole('heading', { level: 2 })).toHaveText(['projects', 'api-tokens', 'auth', 'kafka', 'connectors', 'pipelines', 'topics', 'usage', 'project-requests', 'access', 'health', 'live', 'activity', 'members']);
  const endpoint = page.getByTestId('reference-endpoint').filter({ hasText: '/api/projects/{id}/client-credentials/{client_id}/rotate' });
  await expect(endpoint).toContainText('POST');
  await expect(endpoint).toContainText('shown once');
  await endpoint.getByText(/^Responses:/).click();
  await expect(endpoint.getByRole('definition').first()).toBeVisible();
  const doc = await (await page.request.get('/api/openapi.json')).json();
  const count = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
  await expect(page.getByTestId('reference-endpoint')).toHaveCount(count);
  await expect(page.getByTestId('reference-count')).toHaveText(`${count} endpoints`);

  // Searched as you type; an example body and answer, and a curl for the
  // project you are in.
  await page.getByLabel('Search endpoints').fill('kafka users post');
  await expect(page.getByTestId('reference-count')).toHaveText(`1 of ${count} endpoints`);
  const create = page.getByTestId('reference-endpoint').locator('visible=true');
  await expect(create).toHaveCount(1);
  await expect(create).toContainText('/api/projects/{id}/kafka-users');
  await expect(sections.locator('visible=true')).toHaveCount(1);
  await create.getByText('Example').click();
  const example = create.getByTestId('reference-example');
  await expect(example).toContainText(`curl -X POST 'http://127.0.0.1:`);
  await expect(example).toContainText(`/api/projects/${prodUsEast.id}/kafka-users'`);
  await expect(example).toContainText('Authorization: Bearer $ACCESS_TOKEN');
  await expect(example).toContainText('"username": "orders-consumer"');
  await expect(example).toContainText('"created_at"');
  await page.getByLabel('Search endpoints').fill('no such endpoint');
  await expect(page.getByTestId('reference-count')).toHaveText('No endpoint matches the search.');
  await expect(sections.locator('visible=true')).toHaveCount(0);
});
