// Undo of a delete for an uploaded start-up with a manual value (before, only a log at a path on this
// machine could come back, by importing it again), and the model filter's identity tools on the corpus:
// split a name off, Undo, merge into another model with a confirming click. Screenshots at 1280×800.
import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { FIXTURE_DIR } from './startup-flow';

const shot = (name: string) => path.join(ROOT, 'test-results', name);

test('an uploaded start-up with a manual value comes back with Undo, exactly', async ({
  page,
  served,
  cli,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.importFiles([path.join(FIXTURE_DIR, 'ray-tp2-cached.log')]);
  const a = await cli(['annotate', 'ray-tp2-cached', '--phase', 'warmup=40', '--scenario', 'mine']);
  expect(a.code, a.stderr).toBe(0);
  const before = await cli(['show', 'ray-tp2-cached', '--json']);
  await page.reload();
  await app.waitReady();
  const row = app.library.row('ray-tp2-cached');
  await expect(row.locator('.manual-tag')).toBeVisible();
  await app.library.selectBaseline('ray-tp2-cached');
  const del = page.getByTestId('delete-snapshot');
  await del.click();
  await expect(del).toHaveText('Confirm delete');
  await del.click();
  await expect(row).toHaveCount(0);
  const notice = page.getByTestId('toast').filter({ hasText: 'Deleted "ray-tp2-cached"' });
  await expect(notice).toContainText('Undo puts it back as it was');
  await page.screenshot({ path: shot('undo-upload-1280.png') });
  await notice.getByTestId('toast-action').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Restored "ray-tp2-cached"' })).toBeVisible();
  await expect(row.locator('.manual-tag')).toBeVisible();
  const after = await cli(['show', 'ray-tp2-cached', '--json']);
  expect(after.stdout).toBe(before.stdout);
});

test('the model filter splits a name off, undoes it, and merges two models', async ({
  page,
  served,
  cli,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: this case needs the benchmark corpus checkout');
  const logs = path.join(corpus ?? '', 'replica_initialization', 'experiment_terminal_output');
  const r = await cli(['import', logs]);
  expect(r.code, r.stderr).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  const model = page.getByLabel('Model', { exact: true });
  const hint = page.locator('.library-hint');
  await model.selectOption('meta-llama/Meta-Llama-3-70B');
  await expect(hint).toContainText('5 snapshots match');

  await page.getByTestId('model-identity').click();
  const panel = page.getByTestId('identity-panel');
  await expect(panel.getByTestId('identity-name')).toHaveText([
    /^Meta-Llama-3-70B\s*\(1\)/,
    /^Meta-Llama-3-70B-sharded\s*\(2\)/,
    /^meta-llama\/Meta-Llama-3-70B\s*\(2\)/,
  ]);
  await page.screenshot({ path: shot('identity-panel-1280.png') });
  await panel
    .locator('[data-testid=identity-name][data-name="Meta-Llama-3-70B-sharded"]')
    .getByRole('button', { name: 'Split' })
    .click();
  await expect(hint).toContainText('3 snapshots match');
  await expect(model.locator('option', { hasText: 'Meta-Llama-3-70B-sharded (2)' })).toHaveCount(1);
  const notice = page.getByTestId('toast').filter({ hasText: 'Split Meta-Llama-3-70B-sharded' });
  await expect(notice).toBeVisible();
  await page.screenshot({ path: shot('identity-split-1280.png') });
  await notice.getByTestId('toast-action').click();
  await expect(hint).toContainText('5 snapshots match');
  await expect(model.locator('option', { hasText: 'Meta-Llama-3-70B-sharded (2)' })).toHaveCount(0);

  // merge into Qwen: a second click confirms, and the filter follows to the merged model
  await panel.getByTestId('merge-into').selectOption({ label: 'Qwen/Qwen3-235B-A22B (4)' });
  const merge = panel.getByTestId('merge');
  await merge.click();
  await expect(merge).toHaveText('Confirm merge');
  await merge.click();
  await expect(model).toHaveValue('Qwen/Qwen3-235B-A22B');
  await expect(hint).toContainText('9 snapshots match');
  await expect(
    page.getByTestId('toast').filter({ hasText: 'Merged meta-llama/Meta-Llama-3-70B' }),
  ).toBeVisible();
  await page.screenshot({ path: shot('identity-merge-1280.png') });
  await page.setViewportSize({ width: 900, height: 700 });
  await expect(panel).toBeInViewport();
  await page.screenshot({ path: shot('identity-merge-900.png') });
  const list = await cli(['model', 'list', '--json']);
  expect((JSON.parse(list.stdout) as { identities: { key: string; count: number }[] }).identities).toEqual([
    expect.objectContaining({ key: 'qwen3-235b-a22b', count: 9 }),
  ]);
});
