import { expect, test } from '@playwright/test';
import { OwnServer } from './support/server';
import { ProjectsPage } from './support/projects-page';
import { signInByApi, USERS } from './support/auth';

// This test stops and starts a server of its own, so it cannot share one.
test('with the server stopped the list shows the error state, and recovers once it is back', async ({ page }) => {
  const server = new OwnServer();
  try {
    await server.start();
    await signInByApi(page.request, USERS.admin.email, server.url);
    const projects = new ProjectsPage(page);
    await projects.goto(`${server.url}/projects`);
    await projects.expectAll(server.url);

    await server.stop();
    await projects.refresh.click();
    await expect(projects.error).toBeVisible();
    await expect(projects.error).toContainText("Can't reach the server");
    await expect(projects.error).toHaveAttribute('role', 'alert');
    await expect(projects.rows).toHaveCount(0);

    // Still unreachable: trying again keeps the explanation, never a blank page.
    const retry = projects.error.getByRole('button', { name: 'Try again' });
    await retry.click();
    await expect(projects.error).toContainText("Can't reach the server");

    await server.start();
    await projects.error.getByRole('button', { name: 'Try again' }).click();
    await projects.expectAll(server.url);
    await expect(projects.error).toHaveCount(0);
  } finally {
    await server.dispose();
  }
});
