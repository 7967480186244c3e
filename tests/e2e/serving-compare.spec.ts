// Serving comparison in a real browser on the reference corpus: the horizontal-scaling results
// imported through the CLI into the served database, rayoss251-x2 vs rayoss251-x8 as output tok/s per
// replica (the published oss.png's form). Needs BENCHLENS_CORPUS; skips with a message without it.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { ServingPage } from './pages/serving-page';

test('overlays rayoss251-x2 and rayoss251-x8 per replica with a 7-row diff table', async ({
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
  await expect(serving.diffRows).toHaveCount(7);
  await expect(serving.diffRows.first().locator('td').first()).toHaveText('4');
  await expect(serving.diffRows.last().locator('td').first()).toHaveText('128');
  await expect(page.getByTestId('published-figure').first()).toHaveAttribute('data-name', 'plots/oss.png');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'serving-compare.png'), fullPage: true });
});
