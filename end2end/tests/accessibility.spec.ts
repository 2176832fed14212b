import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { signInByApi, USERS } from './support/auth';
import { Console } from './support/console';
import { ProjectsPage } from './support/projects-page';
import { PROJECTS, settingsPath } from './support/projects';
import {
  apiTab, dashboardOf, importPreview, kafkaTab, locationTab, newSourceForm, PageState, projectsList,
  requestForm, sourcesSelected,
} from './support/states';

// Every page and state of the console, checked against the WCAG 2.1 A and
// AA rules that can be checked automatically (contrast, names of controls,
// landmarks, ARIA use), in the light and the dark theme.
const { prodUsEast, prodEu, stagingEu } = PROJECTS;

async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}\n  ${n.failureSummary?.replace(/\n/g, '\n  ')}`));
  expect(found, found.join('\n')).toEqual([]);
}

const signedIn: PageState[] = [
  projectsList,
  {
    name: 'the projects list with nothing matching',
    open: async (page) => {
      await page.goto('/projects?q=no-such-project');
      await expect(page.getByRole('button', { name: 'Clear search and filters' })).toBeVisible();
    },
  },
  {
    name: 'the projects list while it loads',
    open: async (page) => {
      await page.route('**/api/projects?*', () => new Promise(() => {}));
      await page.goto('/projects');
      await expect(new ProjectsPage(page).loading).toBeVisible();
    },
  },
  {
    name: 'the projects list after a server error',
    open: async (page) => {
      await page.route('**/api/projects?*', (route) => route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'The server could not complete the request.' } }),
      }));
      await page.goto('/projects');
      await expect(new ProjectsPage(page).error.getByRole('button', { name: 'Try again' })).toBeVisible();
    },
  },
  {
    name: 'the quick switcher',
    open: async (page) => {
      await projectsList.open(page);
      await page.keyboard.press('Control+k');
      await expect(new Console(page).switcherInput).toBeFocused();
      await page.keyboard.type('prod');
      await expect(new Console(page).switcher.getByRole('option').first()).toContainText('Production');
    },
  },
  {
    name: 'a dashboard, with the broker string shown',
    open: async (page) => {
      await dashboardOf(prodUsEast).open(page);
      // The selector's name begins with the words it shows (the browser
      // puts a space after the badge).
      await expect(new Console(page).selector).toHaveAccessibleName(
        /^Production-US-East production ?, the current project\. Switch project$/);
      await page.getByRole('button', { name: /^Reveal/ }).click();
      await expect(page.getByRole('button', { name: /^Hide/ })).toBeVisible();
    },
  },
  {
    name: 'the dashboard of an UNAVAILABLE project',
    open: async (page) => {
      await dashboardOf(stagingEu).open(page);
      await expect(page.getByText('This project is UNAVAILABLE').first()).toBeVisible();
    },
  },
  {
    name: 'the details tab, with a field error',
    open: async (page) => {
      await page.goto(settingsPath(prodUsEast.id, 'details'));
      const name = page.getByLabel('Project name');
      await name.fill('');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    },
  },
  locationTab,
  apiTab,
  kafkaTab,
  {
    name: 'the new Kafka user form, sent empty',
    open: async (page) => {
      await kafkaTab.open(page);
      await page.getByRole('button', { name: 'Create Kafka user' }).click();
      await page.getByTestId('user-form').getByRole('button', { name: 'Create user' }).click();
      await expect(page.getByTestId('user-form').locator('[aria-invalid=true]').first()).toBeVisible();
    },
  },
  {
    name: 'the project request form, sent empty',
    open: async (page) => {
      await requestForm.open(page);
      await page.getByTestId('request-form').getByRole('button', { name: 'Send request' }).click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
    },
  },
  {
    name: 'the support queue, refused to an admin',
    open: async (page) => {
      await page.goto('/support/requests');
      await expect(page.getByRole('alert')).toContainText('Only support');
    },
  },
  {
    name: 'the API reference',
    open: async (page) => {
      await page.goto('/api-reference');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('.reference__path').first()).toBeVisible();
      // Searched, with an example's code open.
      await page.getByLabel('Search endpoints').fill('rename');
      await page.getByTestId('reference-example').locator('visible=true').first().getByText('Example').click();
      await expect(page.locator('.reference__code').locator('visible=true').first()).toBeVisible();
    },
  },
  {
    name: 'the members grid',
    open: async (page) => {
      await page.goto('/organisation/members');
      await expect(page.getByTestId('members-grid')).toBeVisible();
    },
  },
  {
    name: 'the invitation form, sent empty',
    open: async (page) => {
      await page.goto('/organisation/members');
      await page.getByTestId('invite-open').click();
      await page.getByTestId('member-save').click();
      await expect(page.getByTestId('member-editor').locator('[aria-invalid=true]').first()).toBeVisible();
    },
  },
  {
    name: "a project's activity, with a range that ends before it starts",
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/activity`);
      await page.getByLabel('From', { exact: true }).fill('2026-03-02');
      await page.getByLabel('To', { exact: true }).fill('2026-03-01');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(page.locator('[aria-invalid=true]')).toBeVisible();
    },
  },
  {
    name: "the organisation's activity",
    open: async (page) => {
      await page.goto('/organisation/activity');
      await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
      await expect(page.getByText('Loading the activity…')).toHaveCount(0);
    },
  },
  sourcesSelected,
  newSourceForm,
  importPreview,
  {
    name: 'an import file with problems, each at its place',
    open: async (page) => {
      const file = JSON.stringify({
        format: 'tributary.connectors', version: 1, exported_at: '2026-12-06T10:00:00Z',
        project: { id: stagingEu.id, name: stagingEu.name },
        connectors: [{ kind: 'source', connector: 'oracle', name: 'legacy', config: {} }],
      });
      await page.goto(`/projects/${prodUsEast.id}/sources/import`);
      await page.getByLabel('Export file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await expect(page.getByTestId('import-problems')).toContainText('connectors[0].connector');
    },
  },
  {
    name: "a source's page",
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/sources`);
      await page.getByRole('link', { name: 'orders-postgres' }).click();
      await expect(page.getByTestId('connector-page')).toBeVisible();
    },
  },
  {
    name: "a pipeline's page, with its charts and log",
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/pipelines`);
      await page.getByRole('link', { name: 'orders-archive', exact: true }).click();
      await expect(page.getByTestId('chart-records')).toBeVisible();
      await expect(page.getByTestId('log-entries')).toBeVisible();
    },
  },
  {
    name: 'the topics, grouped, with the dead-letter topics',
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/topics?dlq=1&group=source`);
      await expect(page.getByTestId('topic-row')).toHaveCount(7);
    },
  },
  {
    name: "a project's usage",
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/usage?window=7d`);
      await expect(page.getByTestId('chart-usage')).toBeVisible();
    },
  },
  {
    name: "the organisation's usage, sorted, with a project's detail",
    open: async (page) => {
      await page.goto('/usage?window=1d&sort=billable&dir=desc');
      await expect(page.getByTestId('usage-row').first()).toBeVisible();
      await expect(page.getByTestId('chart-usage')).toBeVisible();
    },
  },
  {
    name: 'a dashboard with issues to attend to',
    open: async (page) => {
      await page.goto(`/projects/${prodEu.id}/dashboard`);
      await expect(page.getByTestId('health-finding').first()).toBeVisible();
    },
  },
  {
    name: 'the form that creates a pipeline',
    open: async (page) => {
      await page.goto(`/projects/${prodUsEast.id}/pipelines/new`);
      await page.getByRole('button', { name: 'Create pipeline' }).click();
      await expect(page.getByTestId('error-source')).toContainText('Choose');
    },
  },
  {
    name: 'the not-found page',
    open: async (page) => {
      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    },
  },
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`in the ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    for (const state of signedIn) {
      test(`${state.name} passes the WCAG A and AA checks`, async ({ page }) => {
        await state.open(page);
        await expectAccessible(page);
      });
    }

    test('the projects list as cards in a narrow window passes the checks', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await projectsList.open(page);
      await expectAccessible(page);
    });

    test.describe('signed out or as another user', () => {
      test.use({ storageState: { cookies: [], origins: [] } });

      test('the sign-in form, sent empty, passes the checks', async ({ page }) => {
        await page.goto('/projects');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
        await expectAccessible(page);
      });

      test('the set-password page with a link that does not work passes the checks', async ({ page }) => {
        await page.goto('/set-password#token=inv_no-such-link');
        await expect(page.getByTestId('link-problem')).toContainText('does not work');
        await expectAccessible(page);
      });

      test("a developer's list with locked projects passes the checks", async ({ page }) => {
        await signInByApi(page.request, USERS.developer.email);
        await page.goto('/projects');
        await expect(page.getByText('No access').first()).toBeVisible();
        await expectAccessible(page);
      });

      test("the request-access page of a locked project passes the checks", async ({ page }) => {
        await signInByApi(page.request, USERS.developer.email);
        await page.goto(`/request-access/${prodUsEast.id}`);
        await expect(page.getByTestId('access-form')).toBeVisible();
        await expectAccessible(page);
      });

      test('the access requests with a decline open pass the checks', async ({ page }) => {
        await signInByApi(page.request, USERS.admin.email);
        // One pending request, answered by the page as the server would.
        const request = {
          id: 'a1', project_id: prodUsEast.id, project_name: prodUsEast.name,
          requested_by: { id: 'u1', email: 'kim@example.com', name: 'Kim Lee' },
          role: 'data_admin', note: 'On call this week.', state: 'pending',
          created_at: '2026-12-01T10:00:00Z',
        };
        await page.route('**/api/access-requests?*', (route) => {
          const pending = !route.request().url().includes('state=settled');
          const result = pending ? [request] : [];
          route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ result, page: 1, page_size: 50, total: result.length, has_next: false }),
          });
        });
        await page.goto('/access-requests');
        await page.getByRole('button', { name: /^Decline Kim Lee/ }).click();
        await expect(page.getByLabel("Why decline Kim Lee's request? (optional)")).toBeFocused();
        await expectAccessible(page);
      });

      test('the support queue passes the checks', async ({ page }) => {
        await signInByApi(page.request, USERS.support.email);
        await page.goto('/support/requests');
        await expect(page.getByRole('heading', { level: 1, name: 'Project requests' })).toBeVisible();
        await expect(page.getByText('Loading the requests…')).toHaveCount(0);
        await expect(page.getByText(/Waiting, oldest first/)).toBeVisible();
        await expectAccessible(page);
      });
    });
  });
}
