// Rough edges found in the release QA pass, on files picked through the browser: every picked file is
// accounted for in the import report (a table or README picked with results used to vanish); a failed
// start-up says so above its numbers and its total is not called "→ first request"; a `vllm bench
// startup` total runs to "engine ready"; a GuideLLM snapshot names its tool. Screenshots at 1280×800.
import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';

const shot = (name: string) => path.join(ROOT, 'test-results', name);
const FAILED = path.join(ROOT, 'tests', 'fixtures', 'gallery', 'logs', 'vllm-17939-failed-sampler-oom.log');
const PARTIAL = path.join(ROOT, 'tests', 'fixtures', 'gallery', 'logs', 'vllm-15039-v0-start-only.log');
const BENCH_STARTUP = path.join(
  ROOT,
  'main',
  'importers',
  'vllm-bench-startup',
  'fixtures',
  'startup-mean-only.json',
);
const GUIDELLM = path.join(
  ROOT,
  'tests',
  'fixtures',
  'results',
  'guidellm',
  'Qwen_Qwen3-30B-A3B_tp4_quant-fp8_benchmarks.json',
);
const AIPERF_CSV = path.join(
  ROOT,
  'tests',
  'fixtures',
  'results',
  'aiperf',
  'run1',
  'profile_export_aiperf.csv',
);
const SOURCES_MD = path.join(ROOT, 'tests', 'fixtures', 'results', 'SOURCES.md');

test('picked files all reported; failed, bench-startup and GuideLLM snapshots say what they are', async ({
  page,
  served,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);
  await app.importInput.setInputFiles([FAILED, PARTIAL, BENCH_STARTUP, GUIDELLM, AIPERF_CSV, SOURCES_MD]);
  const report = app.importReport;
  await expect(report).toContainText(/(?<!\d)5 imported/);
  // the log, the bench-startup file's cold and warm means, the GuideLLM run; the CSV and README in one line
  await expect(report).toContainText(/(?<!\d)0 failed/);
  await expect(report).toContainText('2 other files (.csv, .md)');
  await page.screenshot({ path: shot('qa-import-report-1280.png') });

  const search = page.locator('input.search');
  await search.fill('vllm-17939');
  const failedRow = app.library.row('vllm-17939-failed-sampler-oom');
  await expect(failedRow.getByTestId('failed-tag')).toHaveText('failed');
  await search.fill('vllm-15039');
  await expect(app.library.row('vllm-15039-v0-start-only').getByTestId('partial-tag')).toHaveText('partial');
  await search.fill('vllm-17939');
  await app.library.selectBaseline('vllm-17939-failed-sampler-oom');
  const status = page.getByTestId('startup-status');
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(status).toContainText('Start-up failed at line 3: RuntimeError: CUDA out of memory');
  await expect(page.locator('.headline')).toContainText('Total (replica start → failure)');
  await expect(page.locator('.headline')).not.toContainText('first request');
  await page.screenshot({ path: shot('qa-failed-startup-1280.png') });

  await search.fill('startup-mean-only');
  await app.library.selectBaseline('startup-mean-only · cold mean');
  await expect(page.locator('.headline')).toContainText('Total (replica start → engine ready)');
  await expect(page.getByTestId('startup-status')).toHaveCount(0);

  await search.fill('Qwen3-30B-A3B');
  // uploaded on its own, the file is named from its content (model · tool), not from its file name
  await app.library.selectBaseline('Qwen3-30B-A3B · guidellm');
  await expect(page.getByTestId('serving-tool')).toHaveText('GuideLLM 0.5.0.dev0 benchmark');
});
