// `benchlens export --figure` as a subprocess: the file on disk is a standalone SVG, a PNG of
// width × dpi / 96 pixels, or a PDF; bad requests exit non-zero with a message naming the problem.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, tempDb } from './cli-helpers';

describe('benchlens export --figure (subprocess)', () => {
  const db = tempDb();
  const out = mkdtempSync(join(tmpdir(), 'benchlens-fig-'));

  it('writes SVG, PNG at a DPI and PDF of a start-up comparison', () => {
    expect(cli(db, 'import', FIXTURES).code).toBe(0);
    const svg = join(out, 'wf.svg');
    const r = cli(
      db,
      'export',
      'ray-tp2-base',
      'ray-tp2-cached',
      '--figure',
      'waterfall',
      '--format',
      'svg',
      '--width',
      '800',
      '-o',
      svg,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<\?xml/);
    expect(text).toContain('width="800"');
    // short labels (what differs between the names) in the title, the full names in a note
    expect(text).toContain('Replica start-up waterfall: base vs cached');
    expect(text).toContain('Full names: A base = ray-tp2-base; B cached = ray-tp2-cached.');

    const png = join(out, 'bars.png');
    expect(
      cli(
        db,
        'export',
        'ray-tp2-base',
        'ray-tp2-cached',
        '--figure',
        'bars',
        '--width',
        '640',
        '--dpi',
        '300',
        '-o',
        png,
      ).code,
    ).toBe(0);
    expect(readFileSync(png).readUInt32BE(16)).toBe(2000);

    const pdf = join(out, 'wf.pdf');
    expect(cli(db, 'export', 'ray-tp2-base', 'ray-tp2-cached', '--figure', 'waterfall', '-o', pdf).code).toBe(
      0,
    );
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    // bars: --baseline chooses the model group's baseline (the other run's speedup is then below 1)
    const chosen = join(out, 'chosen.svg');
    const b = cli(
      db,
      'export',
      'ray-tp2-base',
      'ray-tp2-cached',
      '--figure',
      'bars',
      '--baseline',
      'ray-tp2-cached',
      '-o',
      chosen,
    );
    expect(b.stderr).toBe('');
    const bars = readFileSync(chosen, 'utf8');
    expect(bars.match(/data-baseline="true"/g)).toHaveLength(1);
    expect(bars).toMatch(/data-snapshot="ray-tp2-base"[^]*?>0\.\d\dx</);
  });

  it('refuses a serving figure of start-up snapshots and an unknown format', () => {
    const wrong = cli(db, 'export', 'ray-tp2-base', '--figure', 'curves', '-o', join(out, 'c.svg'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      '"ray-tp2-base" is a startup snapshot; this figure needs serving snapshots',
    );
    const fmt = cli(db, 'export', 'ray-tp2-base', '--figure', 'waterfall', '-o', join(out, 'w.gif'));
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('export needs --format svg|png|pdf');
  });
});
