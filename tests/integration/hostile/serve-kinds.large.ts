// The bad-input suite's large HTTP kinds (issue 9), run by `npm run hostile:large` against a fresh
// `benchlens serve` per case (so each peak RSS is the case's own): a 280 MB upload (bound 400 MB),
// a 200 MB JSON string, a nested JSON and a zip bomb behind a log head in uploads, and a slow
// authenticated body (cut off with 408 after 60 s). After each, serve answers the next request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../shared/model';
import {
  apiCall,
  caseDir,
  cleanUp,
  describeDb,
  httpSend,
  inspectDb,
  MB,
  oneLine,
  record,
  startServe,
  writeTable,
  type Row,
  type Served,
} from './harness';
import { GOOD_JSON, V0_LOG, writeZipBomb } from './inputs';

afterAll(() => {
  writeTable('9-large-serve-kinds');
  cleanUp();
});

type Upload = { name: string; content: string; encoding: 'utf8' | 'base64' };

async function withServe(row: Row, body: (served: Served, db: string) => Promise<void>): Promise<void> {
  const db = join(caseDir('serve-large'), 'benchlens.db');
  const served = await startServe(db);
  try {
    await body(served, db);
    const next = await apiCall(served, 'listSnapshots', {});
    row.alive = next.status === 200 ? 'yes: next request 200' : `next request ${next.status}`;
    row.peakRssMb = served.peakRssMb();
    const state = inspectDb(db);
    row.dbIntact = describeDb(state);
    expect(served.running()).toBe(true);
    expect(next.status).toBe(200);
    expect(state.integrity).toBe('ok');
    expect(row.peakRssMb ?? Infinity).toBeLessThanOrEqual(row.boundMb ?? Infinity);
  } finally {
    await served.stop();
  }
}

async function uploadCase(
  kind: string,
  boundMb: number,
  bad: () => Promise<Upload>,
  badFile: string,
): Promise<void> {
  const row = record(kind, 'serve', boundMb);
  await withServe(row, async (served) => {
    const files = [await bad(), { name: 'good/exp/c1.json', content: GOOD_JSON, encoding: 'utf8' as const }];
    const reply = await apiCall(served, 'importFiles', { files });
    files.length = 0;
    row.message = oneLine(`${reply.status} ${reply.status === 200 ? '' : reply.body}`);
    expect(reply.status, reply.body.slice(0, 300)).toBe(200);
    const report = JSON.parse(reply.body) as ImportReport;
    const named = [
      ...report.imported.filter((i) => i.file === badFile).map(() => 'imported'),
      ...report.errors.filter((e) => e.file === badFile).map((e) => `error line ${e.line}: ${e.message}`),
      ...report.skipped.filter((s) => s.file === badFile).map((s) => `skipped: ${s.reason}`),
    ];
    row.message = oneLine(`${badFile}: ${named.join('; ') || '(not in the report)'}`);
    row.goodImported = report.imported.some((i) => i.file === 'good/exp/c1.json') ? '1/1' : '0/1';
    expect(named.length).toBeGreaterThan(0);
    expect(row.goodImported).toBe('1/1');
  });
}

describe('large bad input to `benchlens serve`', () => {
  it('upload of 280 MB (one JSON result holding a 280 MB string)', async () => {
    // serve9: uploads streamed to the import without holding the body
    await uploadCase(
      'upload: 280 MB JSON result',
      400,
      async () => ({
        name: 'big/exp/c2.json',
        content: `{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "s": "${'a'.repeat(280 * MB)}"}`,
        encoding: 'utf8',
      }),
      'big/exp/c2.json',
    );
  });

  it('upload of a 200 MB JSON string', async () => {
    await uploadCase(
      'upload: 200 MB JSON string',
      400,
      async () => ({
        name: 'huge/exp/c2.json',
        content: `{"completed": 5, "num_prompts": 5, "max_concurrency": 2, "s": "${'a'.repeat(200 * MB)}"}`,
        encoding: 'utf8',
      }),
      'huge/exp/c2.json',
    );
  });

  it('upload of a zip bomb behind a real log head', async () => {
    const dir = caseDir('bomb-upload');
    const p = await writeZipBomb(join(dir, 'bomb.zip'), 'logs/bomb.log', V0_LOG, 1024 * MB);
    await uploadCase(
      'upload: zip bomb (1 GB of zeros) behind a log head',
      400,
      async () => ({ name: 'bomb.zip', content: readFileSync(p).toString('base64'), encoding: 'base64' }),
      'bomb.zip!logs/bomb.log',
    );
  });

  it('slow authenticated body: cut off with 408, serve goes on', async () => {
    const row = record('slow authenticated body (stalls after 10 bytes)', 'serve', 400);
    row.goodImported = 'n/a';
    await withServe(row, async (served) => {
      const reply = await httpSend(served.port, {
        method: 'POST',
        path: '/api/listSnapshots',
        headers: {
          Authorization: `Bearer ${served.token}`,
          'Content-Type': 'application/json',
          'Content-Length': 1000,
        },
        partialBody: Buffer.from('{"query": '),
      });
      row.message = oneLine(`${reply.status} ${reply.body}`);
      expect(reply.status).toBe(408);
      expect(reply.body).toMatch(/request body stalled for 60 s/);
    });
  }, 180_000);
});
