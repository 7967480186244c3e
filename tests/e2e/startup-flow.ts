// The startup-comparison journey shared by the browser and Electron specs: import two logs through the
// UI, pick baseline then candidate in the library, and check the waterfalls share one time axis and the
// headline speedup matches what the CLI computes from the same database.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { SnapshotSummary } from '../../shared/model';
import { Comparison } from '../../shared/model';
import type { CliResult } from './fixtures';
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

  await opts.page.screenshot({ path: opts.screenshotPath, fullPage: true });
  return { speedupText };
}
