// The production Content-Security-Policy (shared/security.ts: no 'unsafe-inline' for scripts or styles)
// in Chromium: `benchlens serve` sends it, and every view of the app (library, start-up waterfalls and
// the log-lines panel, Swap, the N-way bars, the serving curves and Pareto tabs, the watch popover, both
// themes, import through the page) runs without a single CSP violation. A control at the end injects a
// <style> element and a style="" attribute to show that violations are caught. Needs BENCHLENS_CORPUS.
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { expect, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { fixturePair } from './startup-flow';
import { GroupsPage } from './pages/groups-page';
import { ParetoPage } from './pages/pareto-page';

/** The violations the page's listener recorded (string scripts: the e2e tsconfig has no DOM types). */
async function violations(page: Page): Promise<string[]> {
  const json = await page.evaluate('JSON.stringify(window.cspViolations ?? [])');
  return z.array(z.string()).parse(JSON.parse(String(json)));
}

/** Select a snapshot (or add it to the selection) through the library's search: the list is virtual. */
async function pick(app: AppPage, name: string, add: boolean): Promise<void> {
  await app.page.getByPlaceholder(/Search name/).fill(name);
  if (add) await app.library.selectCandidate(name);
  else await app.library.selectBaseline(name);
}

/** Hover the middle of every few marks of a chart, so tooltips and hover styles render. */
async function hoverSome(page: Page, selector: string): Promise<void> {
  const marks = page.locator(selector);
  const n = Math.min(await marks.count(), 6);
  for (let i = 0; i < n; i += 1) await marks.nth(i).hover({ force: true });
}

test('the production CSP holds in every view: zero violations', async ({ page, served, cli, request }) => {
  const corpus = process.env['BENCHLENS_CORPUS'];
  test.skip(!corpus, 'BENCHLENS_CORPUS is not set: this walk needs the benchmark corpus checkout');
  for (const sub of ['replica_initialization', path.join('prefill_decode', 'bm_results')]) {
    const dir = path.join(corpus ?? '', sub);
    await access(dir, constants.R_OK).catch(() => {
      throw new Error(`BENCHLENS_CORPUS is set but ${dir} is not readable`);
    });
    const r = await cli(['import', dir]);
    expect(r.code, r.stderr).toBe(0);
  }

  // the policy as sent: strict, and the one shared/security.ts defines
  const res = await request.get(served.origin);
  const sent = res.headers()['content-security-policy'] ?? '';
  expect(sent).toBe(CONTENT_SECURITY_POLICY);
  expect(sent).not.toContain('unsafe-inline');
  expect(sent).toMatch(/(^|; )style-src 'self'(;|$)/);

  const reported: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) reported.push(m.text());
  });
  await page.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
      });`,
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  const app = new AppPage(page);
  await app.open(served.url);

  // import through the page, then a two-way start-up comparison, a phase's log lines, Swap
  const { baseline, candidate } = await fixturePair();
  await app.importFiles([baseline, candidate]);
  await pick(app, 'qwen235B-base', false);
  await pick(app, 'qwen235B-all', true);
  await expect(app.compare.waterfall('candidate')).toBeVisible();
  await hoverSome(page, '.startup-view svg rect');
  await page.locator('[aria-label*="Press Enter for the log lines"]').first().click();
  await expect(page.getByTestId('phase-events')).toBeVisible();
  await page.getByTestId('swap').click();

  // N-way: four start-ups, the grouped bars hovered
  const groups = new GroupsPage(page);
  await pick(app, 'llama70b-base', true);
  await pick(app, 'llama70b-s3-runai', true);
  await expect(groups.view).toBeVisible();
  await hoverSome(page, '[data-testid=grouped-bars] rect[data-phase]');

  // serving: curves hovered, then the Pareto tab
  await pick(app, 'gptoss_itl5000_otl250_mixed_baseline_4xtp2', false);
  await pick(app, 'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d1xtp2', true);
  await expect(page.getByTestId('serving-view')).toBeVisible();
  await hoverSome(page, '[data-testid=serving-view] svg circle');
  const pareto = new ParetoPage(page);
  await pareto.open();
  await expect(pareto.figure).toBeVisible();

  // the watch popover, and both themes
  await page.getByTestId('watch-button').click();
  await expect(page.getByTestId('watch-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  for (const theme of ['dark', 'light', 'system']) await page.getByTestId('theme-select').selectOption(theme);

  expect(await violations(page)).toEqual([]);
  expect(reported).toEqual([]);

  // control: what the policy forbids is caught by the same listener
  await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.textContent = 'body { outline: 1px solid red; }';
    document.head.append(style);
    document.body.setAttribute('style', 'color: red');
  })()`);
  await expect.poll(async () => (await violations(page)).length).toBeGreaterThanOrEqual(2);
  expect((await violations(page)).every((v) => v.startsWith('style-src'))).toBe(true);
});
