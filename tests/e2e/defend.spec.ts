// Numbers a user can defend (issue 11) in a real browser: a named manual scenario applied, switched off
// and removed, with the headline showing both the figure with manual values and the measured one; losses
// in "Where the saving came from"; the log lines of a clicked phase in view; rename and delete from the
// snapshot header; "No matches" in the library; the log vs published chart table. Screenshots at 1280×800 and 900×700.
import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { FIXTURE_DIR } from './startup-flow';

const shot = (name: string) => path.join(ROOT, 'test-results', name);

test('manual scenario beside the measured figures, losses, log lines in view', async ({ page, served }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.importFiles([
    path.join(FIXTURE_DIR, 'ray-tp2-base.log'),
    path.join(FIXTURE_DIR, 'ray-tp2-cached.log'),
  ]);
  await app.library.selectBaseline('ray-tp2-base');
  await app.library.selectCandidate('ray-tp2-cached');
  const speedup = app.compare.speedup;
  await expect(speedup).toHaveText(/\d\.\d\dx/);
  const measured = (await speedup.textContent()) ?? '';
  const savings = page.getByTestId('savings');
  await expect(savings).toBeVisible();
  await expect(page.getByTestId('measured-figure')).toHaveCount(0);

  // a named scenario on the candidate: warmup = 40 s
  const manual = page.locator('section.manual-values').nth(1);
  await manual.getByRole('button', { name: 'Add manual value' }).click();
  await manual.getByLabel('Phase').selectOption('warmup');
  await manual.getByLabel('Seconds').fill('40');
  await manual.getByLabel('Scenario').fill('published chart assumptions');
  await manual.getByRole('button', { name: 'Save' }).click();
  const scenario = manual.getByTestId('scenario');
  await expect(scenario).toContainText('published chart assumptions');
  await expect(scenario).toHaveAttribute('data-enabled', 'true');
  await expect(speedup).not.toHaveText(measured);
  const both = page.locator('.card.accent [data-testid=measured-figure]');
  await expect(both).toHaveText(`measured ${measured}`);
  await expect(page.locator('.card.accent .card-label')).toHaveText('Speedup incl. manual');
  await page.locator('.headline').screenshot({ path: shot('defend-headline-manual.png') });
  await manual.screenshot({ path: shot('defend-scenario-panel.png') });
  await page.screenshot({ path: shot('defend-manual-1280.png') });

  // switched off: the log's figures again, the scenario kept
  await scenario.getByRole('button', { name: 'Switch off' }).click();
  await expect(scenario).toHaveAttribute('data-enabled', 'false');
  await expect(speedup).toHaveText(measured);
  await expect(page.getByTestId('measured-figure')).toHaveCount(0);
  await scenario.getByRole('button', { name: 'Apply' }).click();
  await expect(both).toBeVisible();
  // removed as a whole, after a confirming second click
  await scenario.getByRole('button', { name: 'Remove all' }).click();
  await scenario.getByRole('button', { name: /Confirm: remove 1/ }).click();
  await expect(manual.getByTestId('scenario')).toHaveCount(0);
  await expect(speedup).toHaveText(measured);

  // per-process values named as what they are: process ids (the log prints no TP rank here)
  const bar = page.locator('[data-testid=waterfall-baseline] rect[data-phase=model_loading]').first();
  await bar.hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('Per-process values (2)');
  await expect(tip).toContainText('process 6002');
  await expect(tip).toContainText('slowest of 2 processes reporting');
  await tip.screenshot({ path: shot('defend-tooltip.png') });

  // clicking a phase bar shows its log lines in view
  await page.locator('[data-testid=waterfall-baseline] rect[data-phase=model_loading]').first().click();
  const events = page.getByTestId('phase-events');
  await expect(events).toBeVisible();
  await expect(events).toBeInViewport({ ratio: 0.3 });
  await page.screenshot({ path: shot('defend-log-lines-1280.png') });

  await page.setViewportSize({ width: 900, height: 700 });
  await page.locator('.headline').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot('defend-900.png') });
});

test('rename and delete from the snapshot header; "No matches" in the library', async ({ page, served }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.importFiles([path.join(FIXTURE_DIR, 'vllm-v0.log'), path.join(FIXTURE_DIR, 'k8s-multinode.log')]);
  await app.library.selectBaseline('vllm-v0');
  await page.getByTestId('rename').click();
  await page.getByTestId('rename-input').fill('k8s-multinode');
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByRole('alert')).toContainText('a snapshot named "k8s-multinode" exists already');
  await page.getByTestId('rename-input').fill('v0 engine');
  await page.getByTestId('rename-input').press('Enter');
  await expect(app.library.row('v0 engine')).toBeVisible();
  await expect(page.locator('.view-header h1')).toHaveText('v0 engine');
  await page.screenshot({ path: shot('defend-renamed-1280.png') });

  await page.getByTestId('delete-snapshot').click();
  await expect(page.getByTestId('delete-snapshot')).toHaveText('Confirm delete');
  await page.getByTestId('delete-snapshot').click();
  await expect(app.library.row('v0 engine')).toHaveCount(0);
  await expect(app.library.row('k8s-multinode')).toBeVisible();

  await page.getByLabel('Search snapshots').fill('no such thing anywhere');
  await expect(page.getByTestId('no-matches')).toBeVisible();
  await page.getByTestId('no-matches').getByRole('button', { name: 'Clear filters' }).click();
  await expect(app.library.row('k8s-multinode')).toBeVisible();
});

test('the published-assumptions scenario on Qwen235B gives the chart totals beside the log ones', async ({
  page,
  served,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: this case needs the benchmark corpus checkout');
  const dir = path.join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output');
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.importFiles([path.join(dir, 'qwen235B-base.txt'), path.join(dir, 'qwen235B-all.txt')]);
  await app.library.selectBaseline('qwen235B-base');
  await app.library.selectCandidate('qwen235B-all');
  await expect(app.compare.speedup).toHaveText('3.78x');
  // the header names each side by what differs; the full name in its tooltip
  await expect(page.locator('.view-header h1 span[title="qwen235B-all"]')).toHaveText('all');
  // which phases differ between the log and the chart, and by how much (before and after applying)
  const gap = page.locator('section.manual-values').nth(0).getByTestId('published-gap');
  await expect(gap.locator('tr[data-phase=warmup]')).toHaveText(/Warmup.*4\.0 s.*47\.7 s.*\+43\.7 s/);
  await expect(gap.locator('tr[data-phase=fixed_init]')).toHaveText(/50\.0 s.*39\.0 s.*−11\.0 s/);
  await expect(gap.locator('tr.total')).toHaveText(/982\.0 s.*1021\.2 s.*\+39\.2 s/);
  await expect(gap).toContainText('Qwen235B.png');
  for (const i of [0, 1]) {
    const panel = page.locator('section.manual-values').nth(i);
    await panel.getByTestId('apply-published').click();
    await expect(panel.getByTestId('scenario')).toContainText('published chart assumptions');
  }
  const cards = page.locator('.headline .card');
  // the chart's constants (39, 18.7, 44.6, 47.7 s; 15.6 s cache download) on the logged loading and compile
  await expect(cards.nth(0).locator('.card-value')).toHaveText('1021 s');
  await expect(cards.nth(1).locator('.card-value')).toHaveText('267 s');
  await expect(app.compare.speedup).toHaveText('3.83x');
  await expect(page.locator('.card.accent [data-testid=measured-figure]')).toHaveText('measured 3.78x');
  await page.screenshot({ path: shot('defend-published-1280.png') });
  // applied, the table still compares the measurement with the chart
  await expect(gap.locator('tr[data-phase=warmup]')).toHaveText(/Warmup.*4\.0 s.*47\.7 s.*\+43\.7 s/);
  await gap.scrollIntoViewIfNeeded();
  await page.locator('.manual-grid').screenshot({ path: shot('defend-published-gap.png') });
  await page.locator('.headline').scrollIntoViewIfNeeded();
  await page.locator('.headline').screenshot({ path: shot('defend-published-headline.png') });
});

test('a deleted start-up comes back with Undo (restored by the core)', async ({ page, served, cli }) => {
  const r = await cli(['import', path.join(FIXTURE_DIR, 'vllm-v0.log')]);
  expect(r.code, r.stderr).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.library.selectBaseline('vllm-v0');
  const del = page.getByTestId('delete-snapshot');
  await expect(del).toHaveAttribute('title', /Undo in the notice puts it back as it was/);
  await del.click();
  await del.click();
  await expect(app.library.row('vllm-v0')).toHaveCount(0);
  const notice = page.getByTestId('toast').filter({ hasText: 'Deleted "vllm-v0"' });
  await expect(notice).toContainText(/Undo puts it back as it was/);
  await page.screenshot({ path: shot('defend-undo-1280.png') });
  await notice.getByTestId('toast-action').click();
  await expect(app.library.row('vllm-v0')).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'Restored "vllm-v0"' })).toBeVisible();
});

test('serving: short labels from what differs, full names in tooltips; rename in the header', async ({
  page,
  served,
  cli,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: this case needs the benchmark corpus checkout');
  const results = path.join(corpus ?? '', 'prefill_decode', 'bm_results');
  const base = 'gptoss_itl5000_otl250_mixed_baseline_4xtp2';
  const pd = 'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2';
  const r = await cli(['import', path.join(results, base), path.join(results, pd)]);
  expect(r.code, r.stderr).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.library.selectBaseline(base);
  // shown alone: rename and delete in the serving header too
  await expect(page.getByTestId('snapshot-actions')).toBeVisible();
  await expect(page.getByTestId('delete-snapshot')).toHaveAttribute('title', /Undo in the notice/);
  await app.library.selectCandidate(pd);
  await expect(page.getByTestId('snapshot-actions')).toHaveCount(0);
  const title = page.locator('.view-header h1');
  await expect(title.locator(`span[title="${base}"]`)).toHaveText('baseline_4xtp2');
  await expect(title.locator(`span[title="${pd}"]`)).toHaveText('pd_p1xtp2-d3xtp2');
  await expect(page.getByRole('button', { name: 'Make pd_p1xtp2-d3xtp2 baseline' })).toHaveAttribute(
    'title',
    `Make ${pd} the baseline`,
  );
  await expect(page.locator('.serving-legend')).toContainText('B · pd_p1xtp2-d3xtp2');
  await page.screenshot({ path: shot('defend-short-labels-1280.png') });
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: shot('defend-short-labels-900.png') });
});
