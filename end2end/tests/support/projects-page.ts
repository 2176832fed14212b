import { expect, Locator, Page } from '@playwright/test';
import { projectTotal } from './api';

/** The projects list, as a person sees it. */
export class ProjectsPage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly count: Locator;
  readonly refresh: Locator;
  readonly error: Locator;
  readonly loading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Projects' });
    this.rows = page.getByTestId('project-row');
    this.count = page.getByTestId('projects-count');
    this.refresh = page.getByRole('button', { name: /^Refresh/ });
    this.error = page.getByTestId('error-view');
    this.loading = page.getByTestId('projects-loading');
  }

  async goto(path = '/projects'): Promise<void> {
    await this.page.goto(path);
  }

  /**
   * Waits until every project of the user's organisation is a row, as many
   * as the API (at `base`) says there are; returns how many.
   */
  async expectAll(base = ''): Promise<number> {
    const total = await projectTotal(this.page.request, base);
    await expect(this.rows).toHaveCount(total);
    return total;
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The visible values of one project's row, column by column. */
  async cells(name: string): Promise<string[]> {
    const row = this.row(name);
    await expect(row).toHaveCount(1);
    return (await row.locator('th, td').allInnerTexts()).map((t) => t.trim());
  }
}
