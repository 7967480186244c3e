// Issue 9 (15): UTF-16 logs (LE or BE, with or without a BOM) and single gzipped logs import exactly
// as their UTF-8 originals: every gallery vLLM log, re-encoded by the test, gives the same snapshot.
// A damaged .log.gz is an error naming the file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Store } from '../../db/store';
import { Importer } from '../../main/core/import';
import { GALLERY } from '../fixtures/gallery/gallery-values';
import { ROOT } from './cli-helpers';

const LOGS = join(ROOT, 'tests/fixtures/gallery/logs');

function utf16be(b: Buffer): Buffer {
  const out = Buffer.from(b);
  for (let i = 0; i + 1 < out.length; i += 2) {
    const t = out[i] as number;
    out[i] = out[i + 1] as number;
    out[i + 1] = t;
  }
  return out;
}

const FORMS: [string, (text: string) => Buffer][] = [
  ['utf16le-bom.log', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
  ['utf16be-bom.log', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(Buffer.from(t, 'utf16le'))])],
  ['utf16le.log', (t) => Buffer.from(t, 'utf16le')],
  ['log.gz', (t) => gzipSync(t)],
];

/** What a snapshot says, without where it came from. */
async function importOne(file: string) {
  const store = new Store(join(mkdtempSync(join(tmpdir(), 'benchlens-enc-')), 'e.db'));
  try {
    const report = await new Importer(store).importPaths([file]);
    const rows = report.imported.map((i) => store.findSnapshot(i.snapshotId));
    return {
      report: {
        errors: report.errors,
        skipped: report.skipped.map((s) => s.reason),
        statuses: report.imported.map((i) => i.status),
      },
      snapshots: rows.map((r) => ({
        model: r?.model,
        totalS: r?.totalS,
        measurements: r?.measurements,
        issues: r?.issues,
      })),
    };
  } finally {
    store.close();
  }
}

describe('UTF-16 and gzipped logs', () => {
  const vllm = GALLERY.filter((g) => g.kind === 'vllm');

  it.each(vllm.map((g) => g.file))('%s imports the same in every encoding', async (file) => {
    const text = readFileSync(join(LOGS, file), 'utf8');
    const original = await importOne(join(LOGS, file));
    expect(original.snapshots.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-enc-src-'));
    for (const [suffix, encode] of FORMS) {
      const path = join(dir, `${file.replace(/\.log$/, '')}.${suffix}`);
      writeFileSync(path, encode(text));
      expect([suffix, await importOne(path)]).toEqual([suffix, original]);
    }
  });

  it('reports a damaged .log.gz as an error naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-enc-bad-'));
    const bad = gzipSync(readFileSync(join(LOGS, (vllm[0] as { file: string }).file)));
    bad.fill(0x55, 12, 40);
    const path = join(dir, 'damaged.log.gz');
    writeFileSync(path, bad);
    const store = new Store(join(dir, 'e.db'));
    const report = await new Importer(store).importPaths([path]);
    store.close();
    expect(report.imported).toEqual([]);
    expect(report.errors).toEqual([
      { file: path, line: null, message: expect.stringMatching(/^gzip: damaged data/) },
    ]);
  });
});
