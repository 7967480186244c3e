// Page object for the startup comparison: the two waterfalls on their shared time axis and the
// headline speedup card.
import type { Locator, Page } from '@playwright/test';

export type Side = 'baseline' | 'candidate';

export class ComparePage {
  constructor(readonly page: Page) {}

  waterfall(side: Side): Locator {
    return this.page.locator(`[data-testid=waterfall-${side}]`);
  }

  timeAxis(side: Side): Locator {
    return this.waterfall(side).locator('[data-testid=time-axis]').first();
  }

  async domainMax(side: Side): Promise<string | null> {
    return this.timeAxis(side).getAttribute('data-domain-max');
  }

  get speedup(): Locator {
    return this.page.locator('[data-testid=speedup]');
  }
}
