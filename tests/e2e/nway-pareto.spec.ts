// N-way start-up comparison and the serving Pareto view in a real browser on the reference corpus
// (BENCHLENS_CORPUS; skipped with a message without it). Four start-ups grouped by model with the speedups
// the core's `compare` reports, a changed baseline, and the same figure exported headlessly; then the
// prefill/decode baselines' Pareto frontiers with the advantage at matched interactivity in words, and a
// snapshot without `gpus` sent to its Attributes form. Screenshots at 1280×800.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { formatSpeedup } from '../../shared/format';
import { contract } from '../../shared/contract';
import { matchedAdvantage, paretoPoints } from '../../shared/pareto';
import { advantageAt, advantageSentence, defaultMatchX } from '../../shared/pareto-summary';
import { expect, ROOT, test, type RunCli } from './fixtures';
import { AppPage } from './pages/app-page';
import { ExportMenu } from './pages/export-menu';
import { GroupsPage } from './pages/groups-page';
import { ParetoPage } from './pages/pareto-page';

const VIEWPORT = { width: 1280, height: 800 };

async function corpusDir(sub: string): Promise<string> {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: these comparisons need the benchmark corpus checkout');
  const dir = path.join(corpus ?? '', sub);
  // Set but unreadable is a broken setup, not a reason to skip.
  await access(dir, constants.R_OK).catch(() => {
    throw new Error(`BENCHLENS_CORPUS is set but ${dir} is not readable`);
  });
  return dir;
}

async function importOk(cli: RunCli, dir: string): Promise<void> {
  const r = await cli(['import', dir]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

/** The core's speedup of candidate over baseline, from `benchlens compare --json`. */
async function coreSpeedup(cli: RunCli, baseline: string, candidate: string): Promise<number> {
  const r = await cli(['compare', baseline, candidate, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return z.object({ speedup: z.number() }).parse(JSON.parse(r.stdout)).speedup;
}

const GROUPS = [
  { label: 'Meta-Llama-3-70B', names: ['llama70b-base', 'llama70b-s3-runai'] },
  { label: 'Qwen3-235B-A22B', names: ['qwen235B-base', 'qwen235B-all'] },
] as const;

test('compares four start-ups grouped by model with the core’s speedups', async ({ page, served, cli }) => {
  await importOk(cli, await corpusDir('replica_initialization'));
  await page.setViewportSize(VIEWPORT);
  const app = new AppPage(page);
  await app.open(served.url);
  const groups = new GroupsPage(page);

  // click, then ctrl-click three more: two keep the side-by-side view, three or more open the N-way one
  await app.library.selectBaseline('llama70b-base');
  await app.library.selectCandidate('llama70b-s3-runai');
  await expect(app.compare.waterfall('candidate')).toBeVisible();
  await expect(groups.compareN).toHaveText('Compare 2');
  await app.library.selectCandidate('qwen235B-base');
  await app.library.selectCandidate('qwen235B-all');
  await expect(groups.view).toBeVisible();
  await expect(groups.compareN).toHaveText('Compare 4');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('4 start-ups of 2 models');

  // one group per model, bars in selection order, each baseline the run named "base"
  for (const g of GROUPS) {
    await expect(groups.group(g.label).locator('g[data-snapshot]')).toHaveCount(2);
    await expect(groups.baselineSelect(g.label)).toHaveValue(g.names[0]);
    const [baseline, candidate] = g.names;
    const x = await coreSpeedup(cli, baseline, candidate);
    // shown on the bar and in the table exactly as the core computes it
    await expect(groups.barTexts(candidate).nth(1)).toHaveText(formatSpeedup(x));
    await expect(groups.barTexts(baseline).nth(1)).toHaveText('baseline');
    await expect(await groups.cell(candidate, 'Speedup')).toHaveText(formatSpeedup(x));
    await expect(await groups.cell(baseline, 'Speedup')).toHaveText('1.00x');
    test.info().annotations.push({ type: 'speedup', description: `${candidate} vs ${baseline}: ${x}` });
  }
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'nway-startup.png') });
  await groups.figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'nway-startup-chart.png') });

  // another baseline for Llama: its speedups follow, Qwen's stay
  await groups.baselineSelect('Meta-Llama-3-70B').selectOption('llama70b-s3-runai');
  const back = await coreSpeedup(cli, 'llama70b-s3-runai', 'llama70b-base');
  await expect(groups.barTexts('llama70b-base').nth(1)).toHaveText(formatSpeedup(back));
  await expect(groups.barTexts('llama70b-s3-runai').nth(1)).toHaveText('baseline');
  await expect(await groups.cell('llama70b-base', 'Speedup')).toHaveText(formatSpeedup(back));
  await expect(await groups.cell('llama70b-base', 'Baseline')).toHaveText('llama70b-s3-runai');
  const qwen = await coreSpeedup(cli, 'qwen235B-base', 'qwen235B-all');
  await expect(await groups.cell('qwen235B-all', 'Speedup')).toHaveText(formatSpeedup(qwen));

  // the chart's Export… menu draws the same figure headlessly, with the same baselines
  const svg = await new ExportMenu(page, 'Start-up time by phase, grouped by model').save('SVG');
  expect(svg.name).toMatch(/-bars\.svg$/);
  const text = svg.bytes.toString('utf8');
  expect(text).toContain('data-group="Meta-Llama-3-70B"');
  expect(text).toContain(`>${formatSpeedup(back)}<`);
  expect(text).toContain(`>${formatSpeedup(qwen)}<`);
  expect(text.match(/data-baseline="true"/g)).toHaveLength(2);

  // a click and a shift-click select the whole range: all nine start-ups, slowest first in each model
  // (the published chart's progression), or in selection (library) order
  await app.library.selectBaseline('llama70B-all');
  await groups.shiftClick('qwen235B-s3-runai-sharded');
  await expect(groups.compareN).toHaveText('Compare 9');
  await expect
    .poll(() => groups.barOrder('Meta-Llama-3-70B'))
    .toEqual([
      'llama70b-base',
      'llama70B-compile-cache',
      'llama70b-s3-runai',
      'llama70b-s3-runai-sharded',
      'llama70B-all',
    ]);
  await expect
    .poll(() => groups.barOrder('Qwen3-235B-A22B'))
    .toEqual(['qwen235B-base', 'qwen235B-compile-cache', 'qwen235B-s3-runai-sharded', 'qwen235B-all']);
  await expect(groups.baselineSelect('Meta-Llama-3-70B')).toHaveValue('llama70b-base');
  const all = await coreSpeedup(cli, 'llama70b-base', 'llama70B-all');
  await expect(await groups.cell('llama70B-all', 'Speedup')).toHaveText(formatSpeedup(all));
  await groups.figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'nway-startup-all.png') });
  await page.getByTestId('order-selection').click();
  await expect
    .poll(() => groups.barOrder('Meta-Llama-3-70B'))
    .toEqual([
      'llama70B-all',
      'llama70b-base',
      'llama70B-compile-cache',
      'llama70b-s3-runai',
      'llama70b-s3-runai-sharded',
    ]);
});

const PD_A = 'gptoss_itl5000_otl250_mixed_baseline_4xtp2';
const PD_B = 'gptoss_itl5000_otl250_mixed_baseline_2xtp4';
// the Pareto sentences name each side by what differs between the two names (shared/short-label.ts)

test('shows the Pareto frontiers of two prefill/decode layouts with the advantage in words', async ({
  page,
  served,
  cli,
  request,
}) => {
  await importOk(cli, await corpusDir(path.join('prefill_decode', 'bm_results')));
  await page.setViewportSize(VIEWPORT);
  const app = new AppPage(page);
  await app.open(served.url);
  await app.library.selectBaseline(PD_A);
  await app.library.selectCandidate(PD_B);
  const pareto = new ParetoPage(page);
  await pareto.open();
  await expect(pareto.figure).toBeVisible();
  await expect(pareto.missingGpus).toHaveCount(0);

  // the expected sentence from the core's points (the served API) through the shared Pareto code
  const detail = async (name: string) => {
    const res = await request.post(`${served.origin}/api/servingPoints`, {
      headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
      data: { snapshot: name },
    });
    expect(res.status(), await res.text()).toBe(200);
    const out = contract.servingPoints.output.parse(await res.json());
    return { ...out.snapshot, points: out.points };
  };
  const [a, b] = await Promise.all([detail(PD_A), detail(PD_B)]);
  const sa = paretoPoints(
    { id: a.id, name: a.name, attributes: a.attributes, points: a.points },
    'interactivity',
  );
  const sb = paretoPoints(
    { id: b.id, name: b.name, attributes: b.attributes, points: b.points },
    'interactivity',
  );
  expect([sa.gpus, sb.gpus]).toEqual([8, 8]);
  const adv = matchedAdvantage(sa.frontier, sb.frontier);
  if (!adv) throw new Error('the two frontiers should overlap');
  const x = defaultMatchX(adv);
  const point = advantageAt(sa.frontier, sb.frontier, x);
  if (!point) throw new Error(`no matched point at ${x}`);
  const words = advantageSentence({
    candidate: 'B · 2xtp4',
    baseline: 'A · 4xtp2',
    kind: 'interactivity',
    point,
    perGpu: true,
  });
  await expect(pareto.sentences.first()).toContainText(words);
  test.info().annotations.push({ type: 'pareto', description: words });
  await pareto.figure.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'pareto-prefill-decode.png') });

  // another matched interactivity: the sentence follows
  const x2 = adv.range[0];
  await pareto.target.fill(String(x2));
  const p2 = advantageAt(sa.frontier, sb.frontier, x2);
  if (!p2) throw new Error(`no matched point at ${x2}`);
  await expect(pareto.sentences.first()).toContainText(
    advantageSentence({
      candidate: 'B · 2xtp4',
      baseline: 'A · 4xtp2',
      kind: 'interactivity',
      point: p2,
      perGpu: true,
    }),
  );

  // against TTFT the figure switches to a log TTFT axis
  await page.getByTestId('pareto-x-ttft').click();
  await expect(pareto.figure).toContainText('Median TTFT (ms)');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'pareto-prefill-decode-ttft.png') });
  const svg = await new ExportMenu(page, 'Pareto: throughput per GPU vs median TTFT').save('SVG');
  expect(svg.bytes.toString('utf8')).toContain('Median TTFT (ms)');
});

test('says when a serving snapshot has no gpus attribute and leads to Attributes', async ({
  page,
  served,
  cli,
}) => {
  await importOk(cli, await corpusDir('horizontal_scaling'));
  await page.setViewportSize(VIEWPORT);
  const app = new AppPage(page);
  await app.open(served.url);
  await app.library.selectBaseline('rayoss251-x2');
  await app.library.selectCandidate('rayoss251-x8');
  const pareto = new ParetoPage(page);
  await pareto.open();
  await expect(pareto.missingGpus.locator('p')).toHaveCount(2);
  await expect(pareto.missingGpus).toContainText('A · x2 has no gpus attribute');
  await expect(pareto.sentences.first()).toContainText('the total output throughput of A');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'pareto-missing-gpus.png') });

  await pareto.missingGpus.getByRole('button', { name: 'Set gpus under Attributes' }).first().click();
  const form = page.locator('[data-testid=attributes-panel][data-snapshot="rayoss251-x2"]');
  await expect(form.getByTestId('attribute-key')).toBeFocused();
  await form.getByTestId('attribute-key').fill('gpus');
  await form.getByTestId('attribute-value').fill('2');
  await form.getByTestId('attribute-set').click();
  await expect(pareto.missingGpus.locator('p')).toHaveCount(1);
  await expect(pareto.missingGpus).toContainText('B · x8 has no gpus attribute');
});
