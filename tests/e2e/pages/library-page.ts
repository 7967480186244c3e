// Page object for the snapshot library on the left: rows by snapshot name, choosing a baseline and
// then a candidate to compare against it.
import { expect, type Locator, type Page } from '@playwright/test';

export class LibraryPage {
  constructor(readonly page: Page) {}

  row(name: string): Locator {
    return this.page.locator(`[data-testid=library-row][data-name="${name.replace(/"/g, '\\"')}"]`);
  }

  async selectBaseline(name: string): Promise<void> {
    const row = this.row(name);
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  /** Add a second snapshot as the candidate: ctrl-click (cmd on macOS) on its row. */
  async selectCandidate(name: string): Promise<void> {
    const row = this.row(name);
    await row.click({ modifiers: ['ControlOrMeta'] });
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }
}
