// The app's figure export: the Export… menu of the start-up waterfall saves an SVG, a PNG at the chosen
// DPI (pixel width = 960 × dpi / 96) and a PDF, all rendered by the core's headless renderer.
import path from 'node:path';
import { z } from 'zod';
import { SnapshotSummary } from '../../shared/model';
import { expect, ROOT, test } from './fixtures';
import { AppPage } from './pages/app-page';
import { ExportMenu } from './pages/export-menu';
import { fixturePair, runStartupCompare } from './startup-flow';

test('exports the waterfall as SVG, PNG at 150 dpi and PDF from the chart menu', async ({
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
    listSnapshots: async () => {
      const res = await request.post(`${served.origin}/api/listSnapshots`, {
        headers: { Authorization: `Bearer ${served.token}`, 'Content-Type': 'application/json' },
        data: {},
      });
      return z.array(SnapshotSummary).parse(await res.json());
    },
    screenshotPath: path.join(ROOT, 'test-results', 'figure-export.png'),
  });
  const menu = new ExportMenu(page, 'Startup waterfall');

  const svg = await menu.save('SVG');
  expect(svg.name).toMatch(/-waterfall\.svg$/);
  const text = svg.bytes.toString('utf8');
  expect(text).toContain('Replica start-up waterfall');
  expect(text).toContain('width="960"');
  expect(text).not.toMatch(/foreignObject|style=|class=/);

  const png = await menu.save('PNG', 150);
  expect(png.name).toMatch(/@150dpi\.png$/);
  expect(png.bytes.readUInt32BE(16)).toBe(1500);

  const pdf = await menu.save('PDF');
  expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
});
