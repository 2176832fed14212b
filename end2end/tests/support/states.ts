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
