import { expect, test } from '@playwright/test';
import { PROJECTS, settingsPath } from './support/projects';

// A phone-sized window: the header and the navigation leave the page
// near the top, and nothing makes the page scroll sideways.
const { devEu } = PROJECTS;

test.use({ viewport: { width: 390, height: 844 } });

test('on a phone the top bar and the navigation take one short row each, and nothing scrolls sideways', async ({ page }) => {
  // Requests waiting give the navigation its count, with hidden text.
  await page.route('**/api/access-requests?*', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ result: [], page: 1, page_size: 1, total: 3, has_next: true }),
  }));
  await page.goto(settingsPath(devEu.id, 'kafka-access'));
  await expect(page.getByTestId('pending-access-count')).toBeVisible();
  const main = page.locator('#main');
  const top = (await main.boundingBox())!.y;
  expect(top).toBeLessThan(110);
  // The project's pages come first in the navigation.
  const nav = page.getByRole('navigation', { name: 'Main' });
  const first = (await nav.getByRole('link', { name: 'Dashboard' }).boundingBox())!;
  const projects = (await nav.getByRole('link', { name: 'Projects', exact: true }).boundingBox())!;
  expect(first.x).toBeLessThan(projects.x);
  // The settings tabs keep one row.
  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveCount(4);
  const tops = await tabs.evaluateAll((all) => all.map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  // An open form does not widen the page either.
  await page.getByRole('button', { name: 'Create Kafka user' }).click();
  await page.getByRole('button', { name: 'Add ACL' }).click();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('on a phone the navigation brings the page\'s own link into view', async ({ page }) => {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const inView = async (name: string) => {
    const link = nav.locator('a[aria-current="page"]');
    await expect(link).toHaveText(name);
    await expect.poll(async () => {
      const [box, bar] = [(await link.boundingBox())!, (await nav.boundingBox())!];
      return box.x >= bar.x && box.x + box.width <= bar.x + bar.width;
    }).toBe(true);
  };
  // Far along the row: the project's Activity, then the organisation's usage.
  await page.goto(`/projects/${devEu.id}/activity`);
  await inView('Activity');
  await nav.getByRole('link', { name: 'Usage by project' }).click();
  await inView('Usage by project');
  await page.goBack();
  await inView('Activity');
});
