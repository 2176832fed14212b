import { expect, test } from '@playwright/test';
import { ProjectsPage } from './support/projects-page';

test('an unknown path shows the not-found page, with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByTestId('not-found')).toContainText('/no/such/page');
  await page.getByRole('link', { name: 'Go to your projects' }).click();
  const projects = new ProjectsPage(page);
  await expect(page).toHaveURL(/\/projects$/);
  await projects.expectAll();
});

test('an unknown API path answers JSON, not the console', async ({ request }) => {
  const res = await request.get('/api/no-such-endpoint');
  expect(res.status()).toBe(404);
  expect((await res.json()).error.code).toBe('not_found');
});
