import { expect, Page } from '@playwright/test';
import { Console } from './console';
import { ProjectsPage } from './projects-page';
import { dashboardPath, PROJECTS, settingsPath } from './projects';

/** A state of a page: how to reach it, waiting until the page shows it. */
export type PageState = { name: string; open: (page: Page) => Promise<void> };

/** The admin's list, every demo project drawn. */
export const projectsList: PageState = {
  name: 'the projects list',
  open: async (page) => {
    await page.goto('/projects');
    await new ProjectsPage(page).expectAll();
  },
};

/** The dashboard of `project`, once the whole console shows that project. */
export const dashboardOf = (project: { id: string; name: string }): PageState => ({
  name: `the dashboard of ${project.name}`,
  open: async (page) => {
    await page.goto(dashboardPath(project.id));
    await new Console(page).expectDashboard(project);
    // Its health and figures have loaded.
    await expect(page.getByTestId('health')).toBeVisible();
  },
});

/** A settings tab of Production-US-East, once its panel shows `text`. */
export const settingsTab = (name: string, slug: string, text: string): PageState => ({
  name,
  open: async (page) => {
    await page.goto(settingsPath(PROJECTS.prodUsEast.id, slug));
    await expect(page.getByRole('tabpanel')).toContainText(text);
  },
});

export const locationTab = settingsTab('the location tab', 'location', 'US East (N. Virginia)');
export const apiTab = settingsTab('the API tab', 'api', 'Create a token');
export const kafkaTab = settingsTab('the Kafka access tab', 'kafka-access', 'Kafka users');

/** The form that asks support for a new project. */
export const requestForm: PageState = {
  name: 'the project request form',
  open: async (page) => {
    await page.goto('/projects/request');
    await expect(page.getByTestId('request-form')).toBeVisible();
  },
};

const sourcesPath = (id: string) => `/projects/${id}/sources`;

/** Production-US-East's sources, every row selected for a bulk action. */
export const sourcesSelected: PageState = {
  name: 'the sources with every row selected',
  open: async (page) => {
    await page.goto(sourcesPath(PROJECTS.prodUsEast.id));
    await expect(page.getByTestId('connector-row')).toHaveCount(2);
    await page.getByLabel('Select every source on this page', { exact: true }).check();
    await expect(page.getByTestId('bulk-bar')).toBeVisible();
  },
};

/** The PostgreSQL source form, sent empty: every tab of fields, an error shown. */
export const newSourceForm: PageState = {
  name: 'the new PostgreSQL source form, sent empty',
  open: async (page) => {
    await page.goto(`${sourcesPath(PROJECTS.prodUsEast.id)}/new?connector=postgresql`);
    await page.getByTestId('create-connector').click();
    await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
  },
};

/**
 * The import preview in Production-US-East of Staging-US-East's sources,
 * whose one name is taken there: the rename offered and the secret to
 * type. A dry run: nothing is created.
 */
export const importPreview: PageState = {
  name: 'the import preview with a name taken',
  open: async (page) => {
    const staging = '5abc6bef-7c9f-4ec0-9d68-afe15c7dce96';
    const res = await page.request.get(`/api/projects/${staging}/connectors/export?kind=source`);
    expect(res.ok()).toBe(true);
    const buffer = Buffer.from(await res.text());
    await page.goto(`${sourcesPath(PROJECTS.prodUsEast.id)}/import`);
    await page.getByLabel('Export file').setInputFiles({ name: 'staging.json', mimeType: 'application/json', buffer });
    await expect(page.getByTestId('import-item-state')).toHaveText('Name taken');
  },
};
