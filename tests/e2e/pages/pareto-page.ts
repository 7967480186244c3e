// Page object for the serving comparison's Pareto tab: the x-axis choice, the matched-x field, the
// advantage sentences and the missing-gpus message.
import type { Locator, Page } from '@playwright/test';

export class ParetoPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('tab-pareto').click();
  }

  get panel(): Locator {
    return this.page.getByTestId('pareto-panel');
  }

  get figure(): Locator {
    return this.panel.locator('svg[data-figure="pareto"]');
  }

  get sentences(): Locator {
    return this.page.getByTestId('pareto-sentence');
  }

  get target(): Locator {
    return this.page.getByTestId('pareto-target');
  }

  get missingGpus(): Locator {
    return this.page.getByTestId('pareto-missing-gpus');
  }
}
