import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect as ownExpect, test as ownTest } from './support/own-server';
import { signInByApi, USERS } from './support/auth';
import { PROJECTS } from './support/projects';

const { prodUsEast, stagingEu, devEu } = PROJECTS;
const sources = (id: string) => `/projects/${id}/sources`;
const stagingUs = { id: '5abc6bef-7c9f-4ec0-9d68-afe15c7dce96', name: 'Staging-US-East' };

ownTest('a PostgreSQL source is created from its schema-built form, and its password is never shown', async ({ page, own }) => {
  await page.goto(`${own.url}${sources(devEu.id)}`);
  await page.getByTestId('new-connector').click();
  await page.getByTestId('connector-picker').getByRole('link', { name: /PostgreSQL/ }).click();
  await ownExpect(page).toHaveURL(/connector=postgresql/);
  const form = page.getByTestId('connector-form');
  // Sent empty: the first error is at its field, and has the focus.
  await form.getByLabel('Name', { exact: true }).fill('orders-cdc');
  await form.getByRole('button', { name: 'Create source' }).click();
  await ownExpect(form.getByLabel('Hostname', { exact: true })).toBeFocused();
  await ownExpect(form.getByLabel('Hostname', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Hostname', { exact: true }).fill('db.example.com');
  await form.getByLabel('Username', { exact: true }).fill('capture');
  await form.getByLabel('Password', { exact: true }).fill('typed-once-password');
  await form.getByLabel('Database', { exact: true }).fill('orders');
  await form.getByLabel('Schemas', { exact: true }).fill('public');
  await form.getByLabel('Tables', { exact: true }).fill('public.orders, public.items');
  // A port out of range is refused by the same rules as the server's; what
  // was typed stays.
  await form.getByLabel(/^Port/).fill('70000');
  await form.getByRole('button', { name: 'Create source' }).click();
  await ownExpect(page.locator('[data-key="database.port.user.defined"] .field__error')).toContainText('from 1 to 65535');
  await ownExpect(form.getByLabel('Hostname', { exact: true })).toHaveValue('db.example.com');
  await form.getByLabel(/^Port/).fill('5432');
  await form.getByRole('button', { name: 'Create source' }).click();

  await ownExpect(page.getByTestId('connector-page')).toBeVisible();
  await ownExpect(page.getByRole('heading', { name: 'orders-cdc' })).toBeVisible();
  await ownExpect(page.getByTestId('connector-status')).toHaveText(/Starting|Active/);
  await ownExpect(page.locator('[data-key="database.password"]')).toHaveText('Set');
  await ownExpect(page.locator('body')).not.toContainText('typed-once-password');
  // It starts on its own, and a reload shows it as it is.
  await ownExpect(page.getByTestId('connector-status')).toHaveText('Active', { timeout: 15_000 });
  await page.reload();
  await ownExpect(page.getByRole('heading', { name: 'orders-cdc' })).toBeVisible();

  // Editing keeps the password when it is left blank.
  await page.getByTestId('edit').click();
  const edit = page.getByTestId('connector-form');
  await ownExpect(edit.getByLabel(/^Password/)).toHaveValue('');
  await edit.getByLabel('Username', { exact: true }).fill('capture2');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await ownExpect(page.locator('[data-key="database.user"]')).toHaveText('capture2');
  await ownExpect(page.locator('[data-key="database.password"]')).toHaveText('Set');

  // Paused, then deleted after confirming; the list no longer has it.
  await page.getByTestId('pause').click();
  await ownExpect(page.getByTestId('connector-status')).toHaveText('Paused');
  await page.getByTestId('delete').click();
  const confirm = page.getByTestId('confirm-delete-connector');
  await ownExpect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Delete source' }).click();
  await ownExpect(page).toHaveURL(new RegExp(`${sources(devEu.id)}$`));
  await ownExpect(page.getByTestId('connector-row')).toHaveCount(1);
  await ownExpect(page.getByTestId('connectors-table')).not.toContainText('orders-cdc');
});

ownTest('selected sources are paused together, and what could not be done is said', async ({ page, own }) => {
  await page.goto(`${own.url}${sources(prodUsEast.id)}`);
  const rows = page.getByTestId('connector-row');
  await ownExpect(rows).toHaveCount(2);
  await page.getByLabel('Select every source on this page', { exact: true }).check();
  await ownExpect(page.getByTestId('bulk-bar')).toContainText('2 sources selected');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Pause' }).click();
  await ownExpect(page.getByTestId('bulk-outcome')).toContainText('2 of 2 done.');
  await ownExpect(rows.getByTestId('connector-status')).toHaveText(['Paused', 'Paused']);
  // Filtered by status, in the URL, kept on reload.
  await page.getByLabel('Status', { exact: true }).selectOption('Paused');
  await ownExpect(page).toHaveURL(/status=Paused/);
  await page.reload();
  await ownExpect(rows).toHaveCount(2);
});

test.describe('as Read Only', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a Read Only member sees the sources and no action', async ({ page }) => {
    await signInByApi(page.request, USERS.readOnly.email);
    await page.goto(sources(prodUsEast.id));
    await expect(page.getByTestId('connector-row')).toHaveCount(2);
    await expect(page.getByTestId('new-connector')).toHaveCount(0);
    await expect(page.getByTestId('import-connectors')).toHaveCount(0);
    // Exporting changes nothing and holds no secret: Read Only may.
    await expect(page.getByTestId('export-connectors')).toBeEnabled();
    await expect(page.getByTestId('connectors-blocked')).toContainText('Read Only');
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await page.getByRole('link', { name: 'orders-postgres' }).click();
    await expect(page.getByTestId('connector-page')).toBeVisible();
    await expect(page.getByTestId('edit')).toHaveCount(0);
    await expect(page.getByTestId('delete')).toHaveCount(0);
  });
});

test('an UNAVAILABLE project lists its sources and says why nothing can be created', async ({ page }) => {
  await page.goto(sources(stagingEu.id));
  await expect(page.getByTestId('connector-row')).toHaveCount(1);
  await expect(page.getByTestId('connectors-blocked')).toContainText('UNAVAILABLE');
  await expect(page.getByTestId('new-connector')).toHaveCount(0);
});

test('switching project from a source lands on the other project\'s sources', async ({ page }) => {
  await page.goto(sources(prodUsEast.id));
  await page.getByRole('link', { name: 'orders-postgres' }).click();
  await expect(page.getByTestId('connector-page')).toBeVisible();
  await page.keyboard.press('Control+k');
  const switcher = page.getByRole('dialog', { name: 'Switch project' });
  await switcher.getByRole('combobox').fill(devEu.name);
  await expect(switcher.getByRole('option').first()).toContainText(devEu.name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${sources(devEu.id)}$`));
  await expect(page.getByTestId('connector-row')).toHaveCount(1);
  await expect(page.getByTestId('connector-row')).toContainText('dev-events-mongodb');
});

ownTest('sources exported from staging are imported into production: a taken name renamed, the secret typed, nothing created before confirming', async ({ page, own }) => {
  await page.goto(`${own.url}${sources(stagingUs.id)}`);
  await ownExpect(page.getByTestId('connector-row')).toHaveCount(1);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-connectors').click(),
  ]);
  ownExpect(download.suggestedFilename()).toMatch(/^staging-us-east-connectors-\d{4}-\d{2}-\d{2}\.json$/);
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  ownExpect(exported.project.name).toBe(stagingUs.name);
  ownExpect(exported.connectors.map((c: { name: string }) => c.name)).toEqual(['orders-postgres']);
  ownExpect(exported.connectors[0].secrets).toEqual(['database.password']);
  ownExpect(exported.connectors[0].config).not.toHaveProperty('database.password');

  await page.goto(`${own.url}${sources(prodUsEast.id)}`);
  await ownExpect(page.getByTestId('connector-row')).toHaveCount(2);
  await page.getByTestId('import-connectors').click();
  await ownExpect(page).toHaveURL(new RegExp(`${sources(prodUsEast.id)}/import$`));
  // A file that is not an export says so at its field, and plans nothing.
  await page.getByLabel('Export file').setInputFiles({ name: 'topics.json', mimeType: 'application/json', buffer: Buffer.from('{"topics": []}') });
  await ownExpect(page.getByTestId('import-file-error')).toContainText('not a connectors export');
  await ownExpect(page.getByTestId('import-preview')).toHaveCount(0);

  await page.getByLabel('Export file').setInputFiles(file);
  const preview = page.getByTestId('import-preview');
  await ownExpect(preview).toContainText(`1 connector from ${stagingUs.name}`);
  const item = preview.getByTestId('import-item');
  await ownExpect(item.getByTestId('import-item-state')).toHaveText('Name taken');
  await ownExpect(item.getByLabel('New name')).toHaveValue('orders-postgres-2');
  await item.getByLabel('New name').fill('orders-postgres-staging');
  await item.getByLabel(/^Password/).fill('typed-while-importing');
  // Nothing is created before the import is confirmed.
  const before = await page.request.get(`${own.url}/api/projects/${prodUsEast.id}/sources`);
  ownExpect((await before.json()).total).toBe(2);
  await preview.getByRole('button', { name: 'Import 1 connector' }).click();
  const done = page.getByTestId('import-done');
  await ownExpect(done).toContainText(`Imported 1 connector from ${stagingUs.name}`);
  await ownExpect(done).toBeFocused();
  await done.getByRole('link', { name: 'orders-postgres-staging' }).click();
  await ownExpect(page.getByTestId('connector-page')).toBeVisible();
  await ownExpect(page.getByTestId('connector-status')).toHaveText('Paused');
  await ownExpect(page.locator('[data-key="database.password"]')).toHaveText('Set');
  await ownExpect(page.locator('body')).not.toContainText('typed-while-importing');
  await page.goto(`${own.url}${sources(prodUsEast.id)}`);
  await ownExpect(page.getByTestId('connector-row')).toHaveCount(3);
});

test('an import whose plan cannot be asked says why, and keeps the file to try again', async ({ page }) => {
  await page.route('**/connectors/import', (route) => route.abort('connectionrefused'));
  await page.goto(`${sources(prodUsEast.id)}/import`);
  const file = JSON.stringify({
    format: 'tributary.connectors', version: 1, exported_at: '2026-12-06T10:00:00Z',
    project: { id: devEu.id, name: devEu.name },
    connectors: [{ kind: 'source', connector: 'mysql', name: 'inventory-copy', config: {} }],
  });
  await page.getByLabel('Export file').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByTestId('import-failure')).toContainText(/reach|network|connect/i);
  await expect(page.getByTestId('import-preview')).toHaveCount(0);
  // Once the server answers, the same file gives its plan.
  await page.unroute('**/connectors/import');
  await page.getByLabel('Export file').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByTestId('import-preview')).toContainText(`1 connector from ${devEu.name}`);
  await expect(page.getByTestId('import-failure')).toHaveCount(0);
});
