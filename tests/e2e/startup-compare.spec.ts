// The heart of the product in a real browser: two vLLM startup logs imported through the UI of
// `benchlens serve`, compared as waterfalls on one time axis, with the speedup the CLI also reports.
// The second case runs on the real corpus when BENCHLENS_CORPUS points at it.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { z } from 'zod';
import { SnapshotSummary } from '../../shared/model';
import { expect, ROOT, test, type ServedApp } from './fixtures';
import { AppPage } from './pages/app-page';
import { fixturePair, runStartupCompare } from './startup-flow';

const CORPUS_SUBDIR = path.join('replica_initialization', 'experiment_terminal_output');

function listSnapshotsOverHttp(
  request: APIRequestContext,
  served: ServedApp,
): () => Promise<SnapshotSummary[]> {
  return async () => {
    const res = await request.post(`${served.origin}/api/listSnapshots`, {
      headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
      data: {},
    });
    expect(res.status(), await res.text()).toBe(200);
    return z.array(SnapshotSummary).parse(await res.json());
  };
}

test('compares two startup logs imported through the browser', async ({ page, served, cli, request }) => {
  const { baseline, candidate } = await fixturePair();
  await new AppPage(page).open(served.url);
  const { speedupText } = await runStartupCompare({
    page,
    baselineFile: baseline,
    candidateFile: candidate,
    cli,
    listSnapshots: listSnapshotsOverHttp(request, served),
    screenshotPath: path.join(ROOT, 'test-results', 'startup-compare.png'),
  });
  test.info().annotations.push({ type: 'speedup', description: speedupText });
});

test('compares the real corpus qwen235B base and all runs', async ({ page, served, cli, request }) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(
    !corpus,
    'BENCHLENS_CORPUS is not set: the real-corpus comparison needs the benchmark corpus checkout',
  );
  const dir = path.join(corpus ?? '', CORPUS_SUBDIR);
  const baseline = path.join(dir, 'qwen235B-base.txt');
  const candidate = path.join(dir, 'qwen235B-all.txt');
  for (const file of [baseline, candidate]) {
    // Set but unreadable is a broken setup, not a reason to skip.
    await access(file, constants.R_OK).catch(() => {
      throw new Error(`BENCHLENS_CORPUS is set but ${file} is not readable`);
    });
  }
  await new AppPage(page).open(served.url);
  const { speedupText } = await runStartupCompare({
    page,
    baselineFile: baseline,
    candidateFile: candidate,
    cli,
    listSnapshots: listSnapshotsOverHttp(request, served),
    screenshotPath: path.join(ROOT, 'test-results', 'startup-compare-corpus.png'),
  });
  // what changed, from the core's compare: only the settings that differ
  const config = page.getByTestId('config-diff');
  await expect(config.locator('tr[data-key="loadFormat"]')).toHaveText(
    /loadFormat\s*auto\s*runai_streamer_sharded/,
  );
  await expect(config.locator('tr[data-key="compileCache"]')).toHaveText(/compileCache\s*miss\s*hit/);
  await config.screenshot({ path: path.join(ROOT, 'test-results', 'startup-config-diff.png') });
  test.info().annotations.push({ type: 'speedup', description: speedupText });
});
