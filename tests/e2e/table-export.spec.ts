// Table and trace exports in a real browser: after comparing two start-up logs, "Save CSV…" on the phase
// table and "Export trace…" download files whose numbers equal what the CLI reports from the same database.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { csvParse } from 'd3-dsv';
import { z } from 'zod';
import { Comparison, SnapshotDetail, SnapshotSummary } from '../../shared/model';
import type { ChromeTrace } from '../../shared/trace';
import { expect, ROOT, test, type ServedApp } from './fixtures';
import { AppPage } from './pages/app-page';
import { fixturePair, runStartupCompare } from './startup-flow';

function listSnapshotsOverHttp(request: APIRequestContext, served: ServedApp) {
  return async (): Promise<SnapshotSummary[]> => {
    const res = await request.post(`${served.origin}/api/listSnapshots`, {
      headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
      data: {},
    });
    expect(res.status(), await res.text()).toBe(200);
    return z.array(SnapshotSummary).parse(await res.json());
  };
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), text: await readFile(file, 'utf8') };
}

test('saves the phase table as CSV and the start-up as a Chrome trace', async ({
  page,
  served,
  cli,
  request,
}) => {
  const { baseline, candidate } = await fixturePair();
  await new AppPage(page).open(served.url);
  await runStartupCompare({
    page,
    baselineFile: baseline,
    candidateFile: candidate,
    cli,
    listSnapshots: listSnapshotsOverHttp(request, served),
    screenshotPath: path.join(ROOT, 'test-results', 'table-export.png'),
  });
  const [b, c] = [baseline, candidate].map((f) => path.basename(f, path.extname(f))) as [string, string];
  const cmp = Comparison.parse(JSON.parse((await cli(['compare', b, c, '--json'])).stdout));

  const phases = page.getByRole('region', { name: 'Phases' });
  const csv = await download(page, () => phases.getByRole('button', { name: 'Save CSV…' }).click());
  expect(csv.name).toMatch(/phases\.csv$/);
  const rows = csvParse(csv.text);
  const total = rows.find((r) => r['Phase id'] === 'total');
  expect([Number(total?.['Baseline s']), Number(total?.['Candidate s'])]).toEqual([
    cmp.baseline.totalS,
    cmp.candidate.totalS,
  ]);
  for (const p of cmp.phases) {
    const row = rows.find((r) => r['Phase id'] === p.id);
    expect(row?.['Saved s'] === '' ? null : Number(row?.['Saved s'])).toBe(p.savedS);
  }

  const trace = await download(page, () => page.getByTestId('export-trace').click());
  expect(trace.name).toMatch(/trace\.json$/);
  const t = JSON.parse(trace.text) as ChromeTrace;
  for (const [pid, name] of [
    [1, b],
    [2, c],
  ] as const) {
    const d = SnapshotDetail.parse(JSON.parse((await cli(['show', name, '--json'])).stdout));
    const xs = t.traceEvents.filter((e) => e.ph === 'X' && e.pid === pid && e.cat !== 'rank');
    expect(xs.map((e) => (e.ph === 'X' ? [e.args?.['id'], e.dur] : null)).sort()).toEqual(
      d.phases.map((p) => [p.id, Math.round(p.durationS * 1e6)]).sort(),
    );
  }
});
