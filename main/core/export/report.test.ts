// Tests of the offline HTML report: the headline and table numbers come from the comparison, every
// user-controlled string (names, labels, notes, log lines) is escaped, nothing refers to the network, the
// strict CSP is present, serving diffs carry verdicts with `~` rows marked as noise, one snapshot and mixed
// kinds work, and the same report comes out of the service over a real database (provenance with hashes).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASELINE, CANDIDATE } from '../../../figures/test-fixtures';
import type { Phase, ServingPoint, SnapshotDetail, SnapshotSummary } from '../../../shared/model';
import { point } from '../../../shared/serving-fixtures';
import { callMethod } from '../call';
import { createCoreService } from '../service';
import type { Output } from '../../../shared/contract';
import {
  buildReport,
  commonFolder,
  esc,
  reportFileName,
  startupBaselines,
  type ReportSources,
} from './report';

const EVIL = '<script>alert(1)</script>';

function summary(
  id: number,
  name: string,
  kind: 'startup' | 'serving',
  extra: Partial<SnapshotSummary> = {},
) {
  return {
    id,
    name,
    kind,
    model: kind === 'startup' ? 'Qwen/Qwen3-235B-A22B' : 'openai/gpt-oss-120b',
    bundle: 'bundle-1',
    createdAt: '2026-11-29T12:00:00.000Z',
    sourcePath: `/data/${name}.log`,
    totalS: null,
    meta: {},
    attributes: {},
    editedAttributes: [],
    ...extra,
  } satisfies SnapshotSummary;
}

function detail(s: SnapshotSummary, phases: Phase[]): SnapshotDetail {
  const totalS = phases.filter((p) => p.parent == null).reduce((a, p) => a + p.durationS, 0);
  return { ...s, ranks: 'slowest', totalS, wallClockS: totalS, phases, issues: [] };
}

/** Serving points with 4 client parts per concurrency: A and B differ clearly on TPOT, not on throughput. */
function servingPoints(tpotScale: number, jitter: number): ServingPoint[] {
  const out: ServingPoint[] = [];
  for (const c of [4, 8, 16]) {
    for (const part of [1, 2, 3, 4]) {
      out.push(
        point(`part${part}/conc${c}.json`, {
          output_throughput: c * 100 + (part % 2 === 0 ? jitter : -jitter) * part,
          median_tpot_ms: (5 + c) * tpotScale + part * 0.01,
          median_ttft_ms: 50 + c + part,
          max_concurrency: c,
        }),
      );
    }
  }
  return out;
}

interface Fake {
  snaps: SnapshotSummary[];
  details: Map<number, SnapshotDetail>;
  points: Map<number, ServingPoint[]>;
}

function sources(f: Fake): ReportSources {
  return {
    snapshot: (ref) => {
      const s = f.snaps.find((x) => x.id === ref || x.name === ref);
      if (!s) throw new Error(`no ${ref}`);
      return s;
    },
    startup: (id) => {
      const d = f.details.get(id);
      if (!d) throw new Error(`no detail ${id}`);
      return d;
    },
    servingPoints: (id) => f.points.get(id) ?? [],
    events: (_id, lines) =>
      lines.map((line) => ({
        line,
        atS: null,
        process: null,
        pid: null,
        level: 'INFO',
        message: `${EVIL} line ${line}`,
      })),
    sourceFiles: (id) => {
      const s = f.snaps.find((x) => x.id === id);
      return [
        {
          path: s?.sourcePath ?? '',
          size: 29_500,
          sha256: 'ab'.repeat(32),
          format: 'vllm-startup-log',
          importerVersion: 3,
          bundle: 'bundle-1',
          importedAt: '2026-11-29T12:00:00.000Z',
        },
      ];
    },
  };
}

function fixture(): Fake {
  const base = summary(1, 'qwen235B-base', 'startup');
  const all = summary(2, EVIL, 'startup', {
    attributes: { label: `${EVIL} label` },
    editedAttributes: ['label'],
  });
  const rayoss = summary(3, 'rayoss251-x8', 'serving', { attributes: { replicas: 8, gpus: 8 } });
  const turbo = summary(4, 'rayturbo251-x8', 'serving', { attributes: { replicas: 8, gpus: 8 } });
  const candidate = CANDIDATE.map((p) =>
    p.id === 'compile_cache_download' ? { ...p, note: `${EVIL} note` } : p,
  );
  const baseline = BASELINE.map((p) => (p.id === 'model_loading' ? { ...p, lines: [48, 44] } : p));
  return {
    snaps: [base, all, rayoss, turbo],
    details: new Map([
      [1, detail(base, baseline)],
      [2, detail(all, candidate)],
    ]),
    points: new Map([
      [3, servingPoints(1, 3)],
      [4, servingPoints(1.2, 3)],
    ]),
  };
}

const OPTS = { ranks: 'slowest', normalise: 'none', generatedAt: '2026-11-29T12:00:00.000Z' } as const;

describe('buildReport: start-up', () => {
  const html = buildReport(sources(fixture()), [1, 2], OPTS);

  it('states the headline computed from the comparison', () => {
    expect(html).toContain('replica cold start 982 s → 260 s, 3.78x; 94% of the saving is model loading');
    expect(html).toContain('722 s saved per cold start (slowest rank)');
    // the phase table: model loading 758.0 → 78.0, 9.72x, and the total row
    expect(html).toMatch(
      /Model loading<\/td><td class="num">758\.0<\/td><td class="num">78\.0<\/td><td class="num">9\.72x/,
    );
    expect(html).toMatch(
      /<tr class="total manual"><td>Total <span class="tag">manual<\/span><\/td><td class="num">982\.0<\/td><td class="num">260\.0<\/td><td class="num">3\.78x/,
    );
  });

  it('inlines the waterfall and the bars as SVG with unique ids', () => {
    expect(html).toMatch(/<figure class="fig" data-figure="waterfall"><svg /);
    expect(html).toMatch(/<figure class="fig" data-figure="bars"><svg /);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // the hatch of the manual value is referenced with its prefixed id
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('gives the source of every value, manual notes and log lines included', () => {
    expect(html).toContain('Sources of the values');
    expect(html).toContain('manual value: &lt;script&gt;alert(1)&lt;/script&gt; note');
    expect(html).toContain('<span class="ln">48</span> &lt;script&gt;alert(1)&lt;/script&gt; line 48');
    expect(html).toContain('model_loading took 758 s');
  });

  it('escapes every user-controlled string and runs no script', () => {
    expect(html).not.toContain(EVIL);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; label');
    // the only <script> is the JSON data block, which the CSP would not run anyway
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script type="application/json" id="benchlens-data">');
    expect(html.match(/<\/script/g)).toHaveLength(1);
    const data =
      /<script type="application\/json" id="benchlens-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect((JSON.parse(data) as { snapshots: { name: string }[] }).snapshots[1]?.name).toBe(EVIL);
    expect(html).not.toMatch(/\son\w+\s*=/i);
  });

  it('is self-contained: CSP, no network references', () => {
    // no 'unsafe-inline': the one <style> element is allowed by its hash, and nothing has a style attribute
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:$/);
    const styles = [...html.matchAll(/<style>([^]*?)<\/style>/g)].map((m) => m[1] ?? '');
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256')
      .update(styles[0] ?? '', 'utf8')
      .digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(html).not.toMatch(/\sstyle=/);
    expect(styles[0]).toMatch(/\.sw-[0-9a-f]{6}\{background:#[0-9a-f]{6}\}/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script[^>]*\ssrc/i);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\((?!#)/i);
  });

  it('names the version, print rules and provenance', () => {
    expect(html).toMatch(/BenchLens \d+\.\d+\.\d+/);
    expect(html).toContain('@media print');
    expect(html).toContain('break-inside:avoid');
    expect(html).toContain('ab'.repeat(32));
    expect(html).toContain('/data/qwen235B-base.log');
    expect(html).toContain(
      'label=&lt;script&gt;alert(1)&lt;/script&gt; label <span class="tag">edited</span>',
    );
  });

  it('says when the candidate is slower', () => {
    const r = buildReport(sources(fixture()), [2, 1], OPTS);
    expect(r).toContain(
      'replica cold start 260 s → 982 s, 0.26x (722 s slower); 94% of the loss is model loading',
    );
  });
});

describe('buildReport: serving', () => {
  const html = buildReport(sources(fixture()), ['rayoss251-x8', 'rayturbo251-x8'], OPTS);

  it('has the curves, ratio and (GPUs known) pareto figures', () => {
    expect(html.match(/<figure class="fig" data-figure="curves">/g)).toHaveLength(3);
    expect(html).toContain('data-figure="ratio"');
    expect(html).toContain('data-figure="pareto"');
    expect(html).toContain('throughput per GPU at matched interactivity');
  });

  it('has the diff table with verdicts, noise rows marked', () => {
    expect(html).toMatch(
      /<tr class="worse"><td>median_tpot_ms<\/td><td class="num">4<\/td><td class="num">9\.03<\/td><td class="num">10\.82<\/td><td class="num">\+1\.80<\/td><td class="num">1\.199<\/td><td class="num">0\.0286<\/td><td>worse<\/td>/,
    );
    expect(html).toMatch(/<tr class="noise"><td>output_throughput<\/td>/);
    expect(html).toContain('median TPOT 1.199x–1.200x of the baseline over 3 concurrencies (4–16): 3 worse');
    expect(html).toContain('output throughput 1.000x of the baseline over 3 concurrencies (4–16): 3 noise');
  });

  it('leaves the pareto out when a snapshot has no gpus attribute', () => {
    const f = fixture();
    f.snaps[3] = { ...(f.snaps[3] as SnapshotSummary), attributes: { replicas: 8 } };
    const r = buildReport(sources(f), [3, 4], OPTS);
    expect(r).not.toContain('data-figure="pareto"');
  });
});

describe('buildReport: other shapes', () => {
  it('reports one snapshot alone', () => {
    const r = buildReport(sources(fixture()), ['qwen235B-base'], OPTS);
    expect(r).toContain('replica cold start 982 s');
    expect(r).toContain('data-testid="phase-table"');
    expect(r).not.toContain('id="serving"');
  });

  it('reports start-up and serving snapshots together, each kind against its own baseline', () => {
    const r = buildReport(sources(fixture()), [1, 3, 2, 4], OPTS);
    expect(r).toContain('3.78x; 94% of the saving');
    expect(r).toContain('data-testid="serving-diff"');
  });

  it('compares start-ups within their model, or all with the first when no model has two', () => {
    const s = (name: string, model: string) => ({ name, model });
    const pairs = startupBaselines([
      s('llama-base', 'meta-llama/Meta-Llama-3-70B'),
      s('llama-s3', 'Meta-Llama-3-70B'),
      s('qwen-base', 'Qwen/Qwen3-235B-A22B'),
      s('qwen-all', 'Qwen3-235B-A22B-sharded'),
      s('mistral', 'mistralai/Mistral-7B'),
    ]).map(([a, b]) => `${b.name} vs ${a.name}`);
    expect(pairs).toEqual(['llama-s3 vs llama-base', 'qwen-all vs qwen-base']);
    const across = startupBaselines([s('llama-base', 'Meta-Llama-3-70B'), s('qwen-base', 'Qwen3-235B-A22B')]);
    expect(across.map(([a, b]) => `${b.name} vs ${a.name}`)).toEqual(['qwen-base vs llama-base']);
  });

  it('embeds matching published charts as data: images only when asked, PNG/JPEG only', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    const src: ReportSources = {
      ...sources(fixture()),
      publishedFigures: () => [
        { name: `graphs/${EVIL}.png`, mime: 'image/png', data: png },
        { name: 'graphs/chart.svg', mime: 'image/svg+xml', data: png },
      ],
    };
    expect(buildReport(src, [1, 2], OPTS)).not.toContain('id="published"');
    const r = buildReport(src, [1, 2], { ...OPTS, published: true });
    // the same chart of the bundle is offered for both snapshots: embedded once
    expect(r.match(/<img /g)).toHaveLength(1);
    expect(r).toContain(
      '<img alt="graphs/&lt;script&gt;alert(1)&lt;/script&gt;.png" src="data:image/png;base64,iVBORw==">',
    );
    expect(r).not.toContain('chart.svg');
    expect(r).not.toMatch(/https?:\/\//);
  });

  it('refuses no snapshot and a snapshot named twice', () => {
    expect(() => buildReport(sources(fixture()), [], OPTS)).toThrow(/at least one snapshot/);
    expect(() => buildReport(sources(fixture()), [1, 'qwen235B-base'], OPTS)).toThrow(/named twice/);
  });

  it('escapes quotes and ampersands; names files safely; finds common folders', () => {
    expect(esc(`a&b"c'<d>`)).toBe('a&amp;b&quot;c&#39;&lt;d&gt;');
    expect(
      reportFileName([
        { name: EVIL, attributes: {} },
        { name: 'b', attributes: { label: 'x y' } },
      ]),
    ).toBe('script_alert_1_script-vs-x_y-report.html');
    expect(commonFolder(['/a/b/part1/c4.json', '/a/b/all-parts/c4.json'])).toBe('/a/b/');
    expect(commonFolder(['x.json', 'y.json'])).toBe('');
  });
});

describe('exportReport through the service', () => {
  it('writes the report of two imported logs, with their content hashes', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'benchlens-report-')), 'benchlens.db');
    const svc = createCoreService({ dbPath: db, importInWorker: false });
    try {
      const fixtures = join(import.meta.dirname, '../../importers/vllm-startup-log/fixtures');
      const rep = await svc.handlers.importPaths({
        paths: [join(fixtures, 'ray-tp2-base.log'), join(fixtures, 'ray-tp2-cached.log')],
      });
      const [a, b] = rep.imported;
      if (!a || !b) throw new Error('fixtures not imported');
      await callMethod(svc, 'setAttributes', { snapshot: b.snapshotId, attributes: { label: EVIL } });
      await callMethod(svc, 'annotate', {
        snapshot: b.snapshotId,
        phase: 'fixed_init',
        valueS: 12.5,
        note: `${EVIL} & more`,
      });
      const out = (await callMethod(svc, 'exportReport', {
        snapshots: [a.snapshotId, b.snapshotId],
      })) as Output<'exportReport'>;
      expect(out.mime).toBe('text/html');
      expect(out.fileName).toBe('ray-tp2-base-vs-script_alert_1_script-report.html');
      expect(out.html).not.toContain(EVIL);
      expect(out.html).toContain('manual value: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
      expect(out.html).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
      expect(out.html).toContain('ray-tp2-cached.log');
      expect(out.html).toMatch(/replica cold start [\d.]+ s → [\d.]+ s, [\d.]+x/);
    } finally {
      svc.close();
    }
  });
});
