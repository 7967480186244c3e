// Serving comparison in a real browser on the reference corpus: the horizontal-scaling results
// imported through the CLI into the served database, rayoss251-x2 vs rayoss251-x8 as output tok/s per
// replica (the published oss.png's form), then rayoss251-x8 vs rayturbo251-x8 with the core's verdicts
// and config diff. Needs BENCHLENS_CORPUS; skips with a message without it.
import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMetric } from '../../shared/format';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { ServingPage } from './pages/serving-page';

test('overlays x2 and x8 per replica; diffs rayoss251-x8 vs rayturbo251-x8 with verdicts and config', async ({
  page,
  served,
  cli,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(
    !corpus,
    'BENCHLENS_CORPUS is not set: the serving comparison needs the benchmark corpus checkout',
  );
  const folder = path.join(corpus ?? '', 'horizontal_scaling');
  // Set but unreadable is a broken setup, not a reason to skip.
  await access(
    path.join(folder, 'bm_results', 'rayoss251-x2', 'all-parts', 'conc4.json'),
    constants.R_OK,
  ).catch(() => {
    throw new Error(`BENCHLENS_CORPUS is set but ${folder} is not readable`);
  });
  const imported = await cli(['import', folder]);
  expect(imported.code, `${imported.stdout}\n${imported.stderr}\n${served.output()}`).toBe(0);

  const app = new AppPage(page);
  await app.open(served.url);
  await app.library.selectBaseline('rayoss251-x2');
  await app.library.selectCandidate('rayoss251-x8');

  const serving = new ServingPage(page);
  await expect(serving.view).toBeVisible();
  await serving.pickMetric('output');
  await serving.normalise('replica');

  await expect(serving.curves).toHaveCount(2);
  await expect(serving.ratioCurves).toHaveCount(1);
  // the core's diff, per replica like the chart: output tok/s at the 7 shared concurrencies
  await serving.filterDiffMetric('output_throughput');
  await expect(serving.diffRows).toHaveCount(7);
  await expect(serving.diffRows.first().locator('td').nth(1)).toHaveText('4');
  await expect(serving.diffRows.last().locator('td').nth(1)).toHaveText('128');
  // oss.png's values: all-parts output_throughput / replicas, as in the JSON files
  for (const [exp, col, n] of [
    ['rayoss251-x2', 2, 2],
    ['rayoss251-x8', 3, 8],
  ] as const) {
    const file = path.join(folder, 'bm_results', exp, 'all-parts', 'conc64.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as { output_throughput: number };
    await expect(serving.diffRow('output_throughput', 64).locator('td').nth(col)).toHaveText(
      formatMetric(json.output_throughput / n),
    );
  }
  await expect(serving.configDiff.locator('tr[data-key="replicas"]')).toHaveText(/replicas\s*2\s*8/);
  await expect(page.getByTestId('published-figure').first()).toHaveAttribute('data-name', 'plots/oss.png');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'serving-compare.png'), fullPage: true });

  // rayoss251-x8 vs rayturbo251-x8: the corpus README's finding, with verdicts and the config diff
  await app.library.selectBaseline('rayoss251-x8');
  await app.library.selectCandidate('rayturbo251-x8');
  await expect(page.getByTestId('serving-diff')).toHaveAttribute('data-candidate', 'rayturbo251-x8');
  const out64 = serving.diffRow('output_throughput', 64);
  // ratio 0.944, p 0.505: not significant, greyed as noise (on screen: Metric, x, A, B, Ratio, Verdict, Δ, p, …)
  await expect(out64.locator('td').nth(4)).toHaveText('0.944');
  await expect(out64.locator('td').nth(7)).toHaveText('0.505');
  await expect(out64.locator('td').nth(5)).toHaveText('~ noise');
  await expect(out64).toHaveClass(/noise/);
  // median TPOT at 64: p 0.00295, worse
  const tpot64 = serving.diffRow('median_tpot_ms', 64);
  await expect(tpot64.locator('td').nth(7)).toHaveText('0.00295');
  await expect(tpot64.locator('td').nth(5)).toHaveText('worse');
  await expect(tpot64).not.toHaveClass(/noise/);
  await expect(serving.configDiff.locator('tbody tr')).toHaveCount(1);
  await expect(serving.configDiff.locator('tr[data-key="runtime"]')).toHaveText(
    /runtime\s*rayoss\s*rayturbo/,
  );
  // differences only: significant rows alone
  await page.getByTestId('differences-only').check();
  await expect(serving.diffRow('output_throughput', 64)).toHaveCount(0);
  await expect(serving.diffRow('median_tpot_ms', 64)).toHaveCount(1);
  await page.getByTestId('differences-only').uncheck();
  await page.getByTestId('serving-diff').scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(ROOT, 'test-results', 'serving-compare-verdicts.png'),
    fullPage: true,
  });
});
