import { expect, Locator, Page } from '@playwright/test';

/** The parts of the console around every page. */
export class Console {
  readonly selector: Locator;
  readonly selectorName: Locator;
  readonly switcher: Locator;
  readonly switcherInput: Locator;
  readonly notice: Locator;
  readonly dashboard: Locator;
  readonly dashboardTitle: Locator;

  constructor(readonly page: Page) {
    this.selector = page.getByTestId('project-selector');
    this.selectorName = page.getByTestId('selector-name');
    this.switcher = page.getByRole('dialog', { name: 'Switch project' });
    this.switcherInput = this.switcher.getByRole('combobox');
    this.notice = page.getByTestId('notice');
    this.dashboard = page.getByTestId('dashboard');
    this.dashboardTitle = page.getByRole('heading', { level: 1 });
  }

  /** Opens the quick switcher with the keyboard, types, and presses Enter. */
  async switchByKeyboard(name: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await expect(this.switcherInput).toBeFocused();
    await this.page.keyboard.type(name);
    await expect(this.switcher.getByRole('option').first()).toContainText(name);
    await this.page.keyboard.press('Enter');
    await expect(this.switcher).toHaveCount(0);
  }

  /**
   * Opens the quick switcher with the keyboard, types `name` and presses
   * Enter before the search has answered (the test holds it back), which
   * the dialog says it will act on once it does.
   */
  async enterBeforeTheSearch(name: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await expect(this.switcherInput).toBeFocused();
    await this.page.keyboard.type(name);
    await this.page.keyboard.press('Enter');
    await expect(this.switcher.getByRole('status')).toHaveText('Searching… Enter switches as soon as it answers.');
    await expect(this.switcherInput).toHaveValue(name);
  }

  /** Waits until the dashboard of `project` is what the page shows. */
  async expectDashboard(project: { id: string; name: string }): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/projects/${project.id}/dashboard$`));
    await expect(this.dashboard).toHaveAttribute('data-project-id', project.id);
    await expect(this.dashboardTitle).toHaveText(project.name);
    await expect(this.selectorName).toHaveText(project.name);
  }
}
