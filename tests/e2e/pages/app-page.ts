// Page object for the whole BenchLens window: readiness, importing files through the UI, and the
// import report. Tests talk to these methods instead of raw selectors, so a markup change is one edit.
import { expect, type Locator, type Page } from '@playwright/test';
import { ComparePage } from './compare-page';
import { LibraryPage } from './library-page';

export class AppPage {
  readonly library: LibraryPage;
  readonly compare: ComparePage;

  constructor(readonly page: Page) {
    this.library = new LibraryPage(page);
    this.compare = new ComparePage(page);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  /** The toolbar and the empty state both offer the picker; either imports the same way. */
  get importInput(): Locator {
    return this.page.locator('[data-testid=import-input]').first();
  }

  get importReport(): Locator {
    return this.page.locator('[data-testid=import-report]');
  }

  /** Import files through the browser file picker and wait until the report lists them all as imported. */
  async importFiles(paths: string[]): Promise<void> {
    await this.importInput.setInputFiles(paths);
    await expect(this.importReport).toBeVisible();
    // The report's summary line reads "N imported · N unchanged · N skipped · N failed".
    await expect(this.importReport).toContainText(new RegExp(`(?<!\\d)${paths.length} imported`));
    await expect(this.importReport).toContainText(/(?<!\d)0 failed/);
  }
}
