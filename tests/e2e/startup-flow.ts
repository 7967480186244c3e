// The startup-comparison journey shared by the browser and Electron specs: import two logs through the
// UI, pick baseline then candidate in the library, and check the waterfalls share one time axis and the
// headline speedup matches what the CLI computes from the same database.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { SnapshotSummary } from '../../shared/model';
import { Comparison } from '../../shared/model';
import { ROOT, type CliResult } from './fixtures';
import { AppPage } from './pages/app-page';

export interface StartupFlowOptions {
  page: Page;
  baselineFile: string;
  candidateFile: string;
  /** Runs `benchlens <args>` against the database the app under test uses. */
  cli(args: string[]): Promise<CliResult>;
  listSnapshots(): Promise<SnapshotSummary[]>;
  screenshotPath: string;
}

export const FIXTURE_DIR = path.join(ROOT, 'main', 'importers', 'vllm-startup-log', 'fixtures');

/**
 * A baseline/candidate pair among the importer's fixture logs: the "base" log and its optimised
 * sibling ("all", else one sharing the base log's prefix, e.g. ray-tp2-base → ray-tp2-cached).
 */
export async function fixturePair(): Promise<{ baseline: string; candidate: string }> {
  const logs = (await readdir(FIXTURE_DIR)).filter((f) => f.endsWith('.log')).sort();
  const baseline = logs.find((f) => /(^|[-_.])base([-_.]|$)/i.test(f));
  const others = logs.filter((f) => f !== baseline);
  const prefix = baseline?.replace(/base.*$/i, '') ?? '';
  const candidate =
    others.find((f) => /(^|[-_.])all([-_.]|$)/i.test(f)) ??
    others.find((f) => prefix !== '' && f.startsWith(prefix));
  if (!baseline || !candidate) {
    throw new Error(
      `expected a *base*.log and a sibling *all*/same-prefix log in ${FIXTURE_DIR}, found: ${logs.join(', ')}`,
    );
  }
  return { baseline: path.join(FIXTURE_DIR, baseline), candidate: path.join(FIXTURE_DIR, candidate) };
}

function findImported(snapshots: SnapshotSummary[], file: string): SnapshotSummary {
  const base = path.basename(file);
  const match = snapshots.find(
    (s) => s.sourcePath === base || s.sourcePath === file || path.basename(s.sourcePath) === base,
  );
  if (!match) {
    throw new Error(
      `no imported snapshot for ${base}; library has ${snapshots.map((s) => s.sourcePath).join(', ')}`,
    );
  }
  return match;
}

function parseCliJson(result: CliResult, what: string): unknown {
  if (result.code !== 0) throw new Error(`benchlens ${what} failed (exit ${result.code}):\n${result.stderr}`);
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`benchlens ${what} did not print JSON:\n${result.stdout.slice(0, 2000)}`);
  }
}

/**
 * The app shell scrolls inside its panels, so a "full page" screenshot would stop at the viewport.
 * Grow the viewport to the tallest scrolled panel first, then capture the whole comparison.
 */
async function fullScreenshot(page: Page, file: string): Promise<void> {
  const size = page.viewportSize();
  // A string expression: this tsconfig has no DOM types, and the code runs in the page anyway.
  const contentHeight = await page.evaluate<number>(`(() => {
    let tallest = document.documentElement.scrollHeight;
    for (const el of document.querySelectorAll('*')) {
      const overflowY = getComputedStyle(el).overflowY;
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.scrollHeight > el.clientHeight) {
        tallest = Math.max(tallest, el.scrollHeight + el.getBoundingClientRect().top);
      }
    }
    return Math.ceil(tallest);
  })()`);
  if (size && contentHeight > size.height) {
    await page.setViewportSize({ width: size.width, height: Math.min(contentHeight, 12_000) });
  }
  await page.screenshot({ path: file, fullPage: true });
}

export async function runStartupCompare(opts: StartupFlowOptions): Promise<{ speedupText: string }> {
  const app = new AppPage(opts.page);
  await app.waitReady();
  await app.importFiles([opts.baselineFile, opts.candidateFile]);

  const snapshots = await opts.listSnapshots();
  const baseline = findImported(snapshots, opts.baselineFile);
  const candidate = findImported(snapshots, opts.candidateFile);

  await app.library.selectBaseline(baseline.name);
  await app.library.selectCandidate(candidate.name);

  const { compare } = app;
  await expect(compare.waterfall('baseline')).toBeVisible();
  await expect(compare.waterfall('candidate')).toBeVisible();
  await expect(compare.timeAxis('baseline')).toHaveAttribute('data-domain-max', /\d/);
  const baselineMax = await compare.domainMax('baseline');
  await expect(compare.timeAxis('candidate')).toHaveAttribute('data-domain-max', baselineMax ?? '');

  const comparison = Comparison.parse(
    parseCliJson(
      await opts.cli(['compare', String(baseline.id), String(candidate.id), '--json']),
      'compare --json',
    ),
  );
  expect(comparison.baseline.id).toBe(baseline.id);
  expect(comparison.candidate.id).toBe(candidate.id);
  expect(comparison.speedup, 'the CLI found no speedup for these logs').not.toBeNull();
  const speedupText = `${(comparison.speedup ?? 0).toFixed(2)}x`;
  await expect(compare.speedup).toHaveText(speedupText);

  await fullScreenshot(opts.page, opts.screenshotPath);
  return { speedupText };
}
