// Page object for the serving comparison: the chart options, the overlaid curves and the diff table.
import { expect, type Locator, type Page } from '@playwright/test';

export class ServingPage {
  constructor(readonly page: Page) {}

  get view(): Locator {
    return this.page.getByTestId('serving-view');
  }

  get curves(): Locator {
    return this.page.getByTestId('serving-chart').getByTestId('serving-curve');
  }

  get ratioCurves(): Locator {
    return this.page.getByTestId('ratio-curve');
  }

  get diffRows(): Locator {
    return this.page.getByTestId('serving-diff-table').locator('tbody tr');
  }

  /** A row of the core's diff table: one metric at one x. */
  diffRow(metric: string, x: number): Locator {
    return this.page.getByTestId('serving-diff-table').locator(`tbody tr[data-phase="${metric}@${x}"]`);
  }

  get configDiff(): Locator {
    return this.page.getByTestId('config-diff');
  }

  async filterDiffMetric(metric: string): Promise<void> {
    await this.page.getByTestId('diff-metric-select').selectOption(metric);
  }

  async pickMetric(
    metric: 'output' | 'total' | 'requests' | 'ttft' | 'tpot' | 'itl' | 'e2el',
  ): Promise<void> {
    await this.page.getByTestId('metric-select').selectOption(metric);
  }

  async normalise(by: 'none' | 'replica' | 'gpu'): Promise<void> {
    const button = this.page.getByTestId(`norm-${by}`);
    await expect(button).toBeEnabled();
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }
}
