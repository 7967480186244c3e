// The N-way start-up view with long snapshot names (the corpus's four start-ups renamed the way a team's
// runs are often named): bars, pickers and the table show the short labels (what differs between the
// names), the full names sit in tooltips, and nothing runs past the view at 1280×800 or 900×700.
// Screenshots of both sizes are written to test-results/. Needs BENCHLENS_CORPUS (skipped without it).
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { shortLabels } from '../../shared/short-label';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { GroupsPage } from './pages/groups-page';

const PREFIX = '2025-06-12_ray-serve-llm_replica-init_';
const RENAMES = [
  ['llama70b-base', `${PREFIX}meta-llama-3-70b_baseline_no-optimisations_run-001`],
  ['llama70b-s3-runai', `${PREFIX}meta-llama-3-70b_s3-runai-streamer_from-object-storage_run-001`],
  ['qwen235B-base', `${PREFIX}qwen3-235b-a22b_baseline_no-optimisations_run-001`],
  ['qwen235B-all', `${PREFIX}qwen3-235b-a22b_all-optimisations_compile-cache_sharded-s3-runai_run-001`],
] as const;
const NAMES: string[] = RENAMES.map(([, to]) => to);
const FIRST = RENAMES[0][1];
const LABELS = shortLabels(NAMES);

/**
 * Elements of the view whose right edge passes the view's, outside any clipping/scrolling box (a string
 * script: the e2e tsconfig has no DOM types).
 */
async function overflowing(page: Page): Promise<string[]> {
  const json = await page.evaluate(`(() => {
    const view = document.querySelector('[data-testid=startup-groups-view]');
    const limit = Math.min(view.getBoundingClientRect().right, document.documentElement.clientWidth) + 1;
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== view; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    const out = [];
    for (const el of view.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > limit && !clipped(el))
        out.push(el.tagName + '.' + (el.getAttribute('class') || '') + ' right=' + Math.round(r.right) +
          ' > ' + Math.round(limit) + ': ' + (el.textContent || '').slice(0, 60));
    }
    return JSON.stringify(out);
  })()`);
  return z.array(z.string()).parse(JSON.parse(String(json)));
}

/** How far the totals table scrolls sideways, in px (0 when it fits). */
async function tableOverflowPx(page: Page): Promise<number> {
  const px = await page.evaluate(`(() => {
    const el = document.querySelector('[data-testid=groups-table]').closest('.table-scroll');
    return el.scrollWidth - el.clientWidth;
  })()`);
  return Number(px);
}

test('long names: short labels on screen, full names in tooltips, nothing overflows', async ({
  page,
  served,
  cli,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: this view needs the benchmark corpus checkout');
  const dir = path.join(corpus ?? '', 'replica_initialization');
  await access(dir, constants.R_OK).catch(() => {
    throw new Error(`BENCHLENS_CORPUS is set but ${dir} is not readable`);
  });
  const imported = await cli(['import', dir]);
  expect(imported.code, imported.stderr).toBe(0);
  for (const [from, to] of RENAMES) {
    const r = await cli(['rename', from, to]);
    expect(r.code, r.stderr).toBe(0);
  }
  expect(LABELS[0]).toBe('meta-llama-3-70b_baseline_no-optimisations');

  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  const groups = new GroupsPage(page);
  await app.library.selectBaseline(FIRST);
  for (const name of NAMES.slice(1)) await app.library.selectCandidate(name);
  await expect(groups.view).toBeVisible();
  await expect(groups.compareN).toHaveText('Compare 4');

  for (const [i, name] of NAMES.entries()) {
    const label = LABELS[i] ?? name;
    // the bar: identified by its full name, labelled by its short label (cut when it does not fit),
    // the full name as its tooltip
    const bar = groups.figure.locator(`g[data-snapshot="${name}"]`);
    await expect(bar.locator('title')).toHaveText(name);
    const drawn = (await bar.locator('g > text').textContent()) ?? '';
    expect(drawn === label || (drawn.includes('…') && label.startsWith(drawn.split('…')[0] ?? ''))).toBe(
      true,
    );
    // the table: short label on screen, full name in the cell's title
    const cell = await groups.cell(name, 'Snapshot');
    await expect(cell).toHaveText(label);
    await expect(cell).toHaveAttribute('title', name);
  }
  // the baseline picker shows short labels and names the chosen one in full in its tooltip
  const picker = groups.baselineSelect('Meta-Llama-3-70B');
  await expect(picker).toHaveAttribute('title', FIRST);
  await expect(picker.locator('option').first()).toHaveText(LABELS[0] ?? '');

  const out = path.join(ROOT, 'test-results');
  for (const size of [
    { width: 1280, height: 800 },
    { width: 900, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await expect.poll(() => overflowing(page)).toEqual([]);
    // the totals table fits: no sideways scrolling to reach Speedup and Saved s
    expect(await tableOverflowPx(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(out, `nway-long-names-${size.width}x${size.height}.png`) });
    await groups.figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `nway-long-names-${size.width}x${size.height}-chart.png`) });
    await page.getByTestId('groups-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, `nway-long-names-${size.width}x${size.height}-table.png`) });
  }
});
