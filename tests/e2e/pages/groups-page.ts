// Page object for the N-way start-up comparison: the grouped bars figure, the baseline picker of each
// model group, the totals/speedups table and the library's "Compare N" bar.
import type { Locator, Page } from '@playwright/test';

export class GroupsPage {
  constructor(readonly page: Page) {}

  /** Shift-click a library row: every row from the active one to it joins the selection. */
  async shiftClick(name: string): Promise<void> {
    await this.page.locator(`[data-testid=library-row][data-name="${name}"]`).click({ modifiers: ['Shift'] });
  }

  /** Snapshot names of a group's bars, left to right. */
  async barOrder(group: string): Promise<string[]> {
    const bars = this.group(group).locator('g[data-snapshot]');
    const out: string[] = [];
    for (let i = 0; i < (await bars.count()); i += 1) {
      out.push((await bars.nth(i).getAttribute('data-snapshot')) ?? '');
    }
    return out;
  }

  get view(): Locator {
    return this.page.getByTestId('startup-groups-view');
  }

  get compareN(): Locator {
    return this.page.getByTestId('compare-n');
  }

  get figure(): Locator {
    return this.page.getByTestId('grouped-bars').locator('svg[data-figure="bars"]');
  }

  group(label: string): Locator {
    return this.figure.locator(`g[data-group="${label}"]`);
  }

  /** The texts drawn above a snapshot's bar (total, then speedup or "baseline"). */
  barTexts(label: string): Locator {
    return this.figure.locator(`g[data-snapshot="${label}"] > text`);
  }

  baselineSelect(group: string): Locator {
    return this.page.getByRole('combobox', { name: `Baseline of ${group}` });
  }

  /** A cell of the totals table by column label. */
  async cell(snapshot: string, column: string): Promise<Locator> {
    const table = this.page.getByTestId('groups-table');
    const labels = await table.locator('thead th').allInnerTexts();
    const index = labels.findIndex((l) => l.replace(/[▲▼]/g, '').trim() === column);
    if (index < 0) throw new Error(`no column "${column}" in ${labels.join(', ')}`);
    return table.locator(`tbody tr[data-phase="${snapshot}"] td`).nth(index);
  }
}
