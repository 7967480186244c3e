// Page object for a chart's Export… menu: pick a DPI, click a format, and return the download.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';

export class ExportMenu {
  readonly menu: Locator;

  constructor(
    private readonly page: Page,
    frameName: string,
  ) {
    this.menu = page.getByRole('region', { name: frameName }).getByTestId('export-menu');
  }

  async save(format: 'SVG' | 'PNG' | 'PDF', dpi?: number): Promise<{ name: string; bytes: Buffer }> {
    if ((await this.menu.getAttribute('open')) === null) await this.menu.getByText('Export…').click();
    if (dpi !== undefined) await this.menu.getByTestId('export-dpi').selectOption(String(dpi));
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.menu.getByRole('button', { name: format, exact: true }).click(),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: await readFile(file) };
  }
}
