// The HTML report opened from disk (file://) with every network request blocked: its figures render (SVG
// with a size), its numbers are present and no request other than the file itself is attempted. Full-page
// screenshots and a print-to-PDF (rendered back to PNG pages) land in test-results/ to be looked at.
// The first case runs on the fixture logs; the corpus cases need BENCHLENS_CORPUS.
import { access, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, ROOT, runCli, test } from './fixtures';
import { z } from 'zod';
import { SnapshotSummary } from '../../shared/model';
import { AppPage } from './pages/app-page';
import { fixturePair, runStartupCompare } from './startup-flow';

const OUT = path.join(ROOT, 'test-results', 'report');

/** Opens the report with every request but the file itself aborted; returns the requests attempted. */
async function openOffline(page: Page, file: string): Promise<string[]> {
  const url = pathToFileURL(file).href;
  const attempted: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) attempted.push(r.url());
  });
  await page.route('**/*', (route) =>
    route.request().url() === url ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(url);
  await page.waitForLoadState('load');
  return attempted;
}

async function expectFiguresRendered(page: Page, kinds: string[]): Promise<void> {
  for (const kind of kinds) {
    const svg = page.locator(`figure[data-figure="${kind}"] svg`).first();
    await expect(svg).toBeVisible();
    const box = await svg.boundingBox();
    expect(box?.width ?? 0, kind).toBeGreaterThan(300);
    expect(box?.height ?? 0, kind).toBeGreaterThan(150);
    // marks were drawn, not an empty frame
    expect(await svg.locator('rect, path, line, circle').count(), kind).toBeGreaterThan(10);
  }
}

async function report(dataDir: string, db: string, name: string, snapshots: string[]): Promise<string> {
  await mkdir(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.html`);
  const r = await runCli(dataDir, ['report', ...snapshots, '-o', file, '--db', db]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return file;
}

/** Print to PDF (A4, print CSS) and render its first pages back to PNG with pdf-parse. */
async function printAndLook(page: Page, name: string): Promise<number> {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await writeFile(path.join(OUT, `${name}.pdf`), pdf);
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  const shots = await parser.getScreenshot({ scale: 1, first: 3 });
  for (const [i, p] of shots.pages.entries()) {
    await writeFile(path.join(OUT, `${name}-pdf-page${i + 1}.png`), p.data);
  }
  const text = (await parser.getText()).text;
  await parser.destroy();
  return text.length;
}

test('the offline harness sees a request a page attempts (control for the checks below)', async ({
  page,
  dataDir,
}) => {
  const file = path.join(dataDir, 'control.html');
  await writeFile(file, '<!DOCTYPE html><p>x</p><img src="https://example.invalid/x.png" alt="">');
  expect(await openOffline(page, file)).toEqual(['https://example.invalid/x.png']);
});

test('a start-up report of the fixture logs opens offline with its figures and numbers', async ({
  page,
  dataDir,
}) => {
  const { baseline, candidate } = await fixturePair();
  const db = path.join(dataDir, 'benchlens.db');
  const imported = await runCli(dataDir, ['import', baseline, candidate, '--db', db, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  const names = (JSON.parse(imported.stdout) as { imported: { name: string }[] }).imported.map((i) => i.name);
  const file = await report(dataDir, db, 'fixtures-startup', names);
  const attempted = await openOffline(page, file);
  await expectFiguresRendered(page, ['waterfall', 'bars']);
  await expect(page.getByTestId('headline')).toContainText('replica cold start');
  await expect(page.getByTestId('phase-table').locator('tr.total')).toContainText('x');
  expect(attempted).toEqual([]);
});

test('corpus reports: qwen235B start-up and rayoss vs rayturbo serving, offline, screenshots and PDF', async ({
  page,
  dataDir,
}) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: the corpus reports need the benchmark corpus checkout');
  const startupDir = path.join(corpus ?? '', 'replica_initialization');
  const servingDir = path.join(corpus ?? '', 'horizontal_scaling');
  await access(servingDir, constants.R_OK).catch(() => {
    throw new Error(`BENCHLENS_CORPUS is set but ${servingDir} is not readable`);
  });
  const db = path.join(dataDir, 'benchlens.db');
  const imported = await runCli(dataDir, ['import', startupDir, servingDir, '--db', db]);
  expect(imported.code, imported.stderr).toBe(0);

  const su = await report(dataDir, db, 'qwen235B-startup', ['qwen235B-base', 'qwen235B-all', '--published']);
  let attempted = await openOffline(page, su);
  await expectFiguresRendered(page, ['waterfall', 'bars']);
  const headline = page.getByTestId('headline');
  await expect(headline).toContainText('982 s → 260 s, 3.78x');
  await expect(headline).toContainText('94% of the saving is model loading');
  await expect(page.getByTestId('phase-table').locator('tr.total')).toContainText('3.78x');
  // the published Qwen235B.png, embedded as a data: image, decodes without a request
  const published = page.locator('figure.published img');
  await expect(published).toHaveCount(1);
  expect(
    await published.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
  ).toBeGreaterThan(500);
  expect(attempted).toEqual([]);
  await page.screenshot({ path: path.join(OUT, 'qwen235B-startup.png'), fullPage: true });
  expect(await printAndLook(page, 'qwen235B-startup')).toBeGreaterThan(500);

  const sv = await report(dataDir, db, 'rayoss-vs-rayturbo-x8', ['rayoss251-x8', 'rayturbo251-x8']);
  await page.unrouteAll();
  page.removeAllListeners('request');
  attempted = await openOffline(page, sv);
  await expectFiguresRendered(page, ['curves', 'ratio']);
  const diff = page.getByTestId('serving-diff');
  await expect(diff.locator('tr.noise').first()).toBeVisible();
  await expect(diff.locator('tr.worse').first()).toBeVisible();
  // noise rows are greyed
  await expect(diff.locator('tr.noise td').first()).toHaveCSS('color', 'rgb(140, 149, 159)');
  await expect(page.getByTestId('headline')).toContainText('output throughput');
  expect(attempted).toEqual([]);
  await page.screenshot({ path: path.join(OUT, 'rayoss-vs-rayturbo-x8.png'), fullPage: true });
  expect(await printAndLook(page, 'rayoss-vs-rayturbo-x8')).toBeGreaterThan(500);

  // the file really is self-contained: no remote references anywhere in it
  for (const f of [su, sv]) {
    const html = await readFile(f, 'utf8');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
  }
});

test('the app’s Export report… downloads the report of the comparison shown, which opens offline', async ({
  page,
  browser,
  served,
  cli,
  request,
}) => {
  const { baseline, candidate } = await fixturePair();
  await new AppPage(page).open(served.url);
  const { speedupText } = await runStartupCompare({
    page,
    baselineFile: baseline,
    candidateFile: candidate,
    cli,
    listSnapshots: async () => {
      const res = await request.post(`${served.origin}/api/listSnapshots`, {
        headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
        data: {},
      });
      return z.array(SnapshotSummary).parse(await res.json());
    },
    screenshotPath: path.join(ROOT, 'test-results', 'report-app.png'),
  });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-report').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/-vs-.*-report\.html$/);
  await mkdir(OUT, { recursive: true });
  const file = path.join(OUT, 'from-app.html');
  await download.saveAs(file);
  const offline = await browser.newPage();
  const attempted = await openOffline(offline, file);
  await expectFiguresRendered(offline, ['waterfall', 'bars']);
  await expect(offline.getByTestId('headline')).toContainText(speedupText);
  expect(attempted).toEqual([]);
  await offline.close();
});
