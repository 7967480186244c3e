// Tests for the headless figure export: normalised SVG snapshots of every figure kind (numbers rounded
// to one decimal, ids are stable by construction), standalone-SVG rules, PNG size and pHYs, visible hatch
// stripes after resvg, and a PDF whose text can be extracted.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { BASELINE, CANDIDATE } from '../../../figures/test-fixtures';
import { figureLabels, type FigureSpec, type ServingInput, type StartupInput } from '../../../figures/spec';
import { textWidth } from '../../../figures/theme';
import { point, scalingPoints } from '../../../shared/serving-fixtures';
import { pngDpi, renderFigureSvg, svgSize, svgToPdf, svgToPng } from './figure';

const base: StartupInput = {
  label: 'qwen235B-base',
  name: 'qwen235B-base',
  model: 'Qwen/Qwen3-235B-A22B',
  totalS: 982,
  phases: BASELINE,
};
const cand: StartupInput = {
  label: 'all optimisations',
  name: 'qwen235B-all',
  model: 'Qwen3-235B-A22B-sharded',
  totalS: 260,
  phases: CANDIDATE,
};
const llama: StartupInput = {
  label: 'llama70b-base',
  name: 'llama70b-base',
  model: 'meta-llama/Meta-Llama-3-70B',
  totalS: 100,
  phases: BASELINE.filter((p) => p.parent == null).map((p) => ({ ...p, durationS: p.durationS / 10 })),
};

const serving = (
  id: number,
  name: string,
  scale: number,
  attributes: ServingInput['attributes'],
): ServingInput => ({
  id,
  name,
  label: name,
  attributes,
  points: scalingPoints(scale),
});

const pd = (id: number, name: string, gpus: number, k: number): ServingInput => ({
  id,
  name,
  label: name,
  attributes: { gpus },
  points: [4, 8, 16, 32].map((c) =>
    point(`conc${c}.json`, { output_throughput: c * 100 * k, median_tpot_ms: 5 + c / k }),
  ),
});

const SPECS: Record<string, FigureSpec> = {
  waterfall: { kind: 'waterfall', snapshots: [base, cand], width: 900 },
  bars: { kind: 'bars', snapshots: [base, cand, llama], width: 800, height: 480 },
  curves: {
    kind: 'curves',
    snapshots: [serving(1, 'rayoss251-x2', 1, { replicas: 2 }), serving(2, 'rayturbo251-x2', 1.1, {})],
    metric: 'output',
    stat: 'mean',
    normalise: 'replica',
    x: 'auto',
    width: 800,
    height: 420,
  },
  ratio: {
    kind: 'ratio',
    snapshots: [serving(1, 'rayoss251-x2', 1, {}), serving(2, 'rayturbo251-x2', 1.1, {})],
    metric: 'output',
    stat: 'mean',
    normalise: 'none',
    x: 'auto',
    width: 800,
  },
  pareto: {
    kind: 'pareto',
    snapshots: [pd(1, 'baseline_4xtp2', 8, 1), pd(2, 'pd_p1xtp2-d1xtp2', 4, 1.5)],
    x: 'interactivity',
    width: 800,
    height: 460,
  },
};

/** Observable Plot's recipe: numbers rounded so float noise does not churn the snapshots. */
function normalise(svg: string): string {
  return svg.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10)).replace(/></g, '>\n<');
}

describe('figure SVG', () => {
  for (const [kind, spec] of Object.entries(SPECS)) {
    it(`renders ${kind} as a standalone SVG`, async () => {
      const svg = renderFigureSvg(spec);
      await expect(normalise(svg)).toMatchFileSnapshot(`__snapshots__/${kind}.svg`);
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(svg).not.toMatch(/foreignObject|<image|href="http|style="|class="|var\(--/);
      expect(svgSize(svg).width).toBe(spec.width);
      if (spec.height) expect(svgSize(svg).height).toBe(spec.height);
    });
  }

  it('titles, legends and speedups name the snapshots by their short label', () => {
    const wf = renderFigureSvg(SPECS.waterfall as FigureSpec);
    expect(wf).toContain('Replica start-up waterfall: qwen235B-base vs all optimisations');
    expect(wf).toContain('3.78x speedup vs A');
    expect(wf).toContain('Time from replica start (s)');
    const bars = renderFigureSvg(SPECS.bars as FigureSpec);
    // grouped by model: both Qwen snapshots in one group with the speedup, Llama alone
    expect(bars).toContain('data-group="Qwen3-235B-A22B"');
    expect(bars).toContain('data-group="Meta-Llama-3-70B"');
    expect(bars).toContain('>3.78x<');
    const curves = renderFigureSvg(SPECS.curves as FigureSpec);
    expect(curves).toContain('A · rayoss251-x2 (÷ 2 replicas)');
    expect(curves).toContain('Assumed: B rayturbo251-x2 has no “replicas” attribute');
    expect(curves).toContain('Output tok/s per replica (tok/s)');
    const pareto = renderFigureSvg(SPECS.pareto as FigureSpec);
    expect(pareto).toContain('Output throughput per GPU (tok/s)');
    expect(pareto).toMatch(/B\/A \d\.\d\dx/);
  });

  it('keeps long names inside the figure: short labels, cut labels, wrapped titles, full names in notes', () => {
    const LONG = [
      '2025-06-12-meta-llama-3-70b-instruct-ray-serve-llm-baseline-no-optimisations-run-001',
      'zz-qwen3-235b-a22b-sharded-s3-runai-streamer-compile-cache-all-optimisations-enabled',
    ];
    const PDN = [
      'gptoss_itl5000_otl250_mixed_baseline_4xtp2',
      'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d1xtp2',
    ];
    const labels = figureLabels(PDN.map((name) => ({ name, attributes: {} })));
    const width = 560;
    const specs: FigureSpec[] = [
      {
        kind: 'waterfall',
        snapshots: [
          { ...base, name: LONG[0] ?? '', label: LONG[0] ?? '' },
          { ...cand, name: LONG[1] ?? '', label: LONG[1] ?? '' },
        ],
        width,
      },
      {
        kind: 'bars',
        snapshots: [
          { ...base, name: LONG[0] ?? '', label: LONG[0] ?? '' },
          { ...cand, model: base.model, name: LONG[1] ?? '', label: LONG[1] ?? '' },
        ],
        width,
      },
      {
        kind: 'pareto',
        snapshots: PDN.map((name, i) => ({ ...pd(i + 1, name, 8, 1 + i), label: labels[i] ?? name })),
        x: 'interactivity',
        width,
      },
    ];
    for (const spec of specs) {
      const svg = renderFigureSvg(spec);
      // every horizontal text starts inside and ends inside the figure (bold about 8% wider)
      for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
        const [, attrs = '', content = ''] = m;
        const x = /^x="([\d.]+)"/.exec(attrs)?.[1];
        if (x == null || /text-anchor="(middle|end)"/.test(attrs)) continue;
        const size = Number(/font-size="([\d.]+)"/.exec(attrs)?.[1] ?? 12);
        const px = Number(x) + textWidth(content, size) * (/bold/.test(attrs) ? 1.08 : 1);
        expect(px, `${spec.kind}: "${content}"`).toBeLessThanOrEqual(width);
      }
      // rotated bar labels stay right of the left edge
      for (const m of svg.matchAll(/translate\(([\d.]+),[\d.]+\) rotate\(-35\)"[^>]*>([^<]*)</g))
        expect(
          Number(m[1]) - Math.cos((35 * Math.PI) / 180) * textWidth(m[2] ?? '', 11),
        ).toBeGreaterThanOrEqual(0);
      if (spec.kind === 'bars') {
        // the plot keeps its height between the header and the slanted labels and notes
        const axis = /<line x1="([\d.]+)" x2="\1" y1="([\d.]+)" y2="([\d.]+)"/.exec(svg);
        expect(Number(axis?.[3]) - Number(axis?.[2])).toBeGreaterThanOrEqual(180);
      }
      const full = spec.kind === 'pareto' ? PDN : LONG;
      // each full name is in the notes (perhaps wrapped over lines) and behind a label as its tooltip
      const notes = [...svg.matchAll(/font-size="11" fill="#5c5c5c">([^<]*)</g)].map((n) => n[1]).join('');
      for (const name of full) {
        expect(notes.replace(/ /g, '')).toContain(name);
        expect(svg).toContain(`<title>${name}</title>`);
      }
    }
  });

  it('hatches manual values with a pattern and notes them', () => {
    const svg = renderFigureSvg(SPECS.waterfall as FigureSpec);
    expect(svg).toMatch(/<pattern id="fig-wf-hatch-CC79A7"/);
    expect(svg).toContain('fill="url(#fig-wf-hatch-CC79A7)"');
    expect(svg).toContain('is a manual value (published constant)');
  });

  it('paints the dark theme from the theme object', () => {
    const svg = renderFigureSvg({ ...(SPECS.ratio as FigureSpec), theme: 'dark' });
    expect(svg).toContain('fill="#16181c"');
    expect(svg).not.toContain('fill="#ffffff" width');
  });
});

describe('PNG', () => {
  const svg = renderFigureSvg(SPECS.waterfall as FigureSpec);
  it('is width × dpi / 96 pixels wide and records the DPI', () => {
    for (const dpi of [96, 150, 300]) {
      const png = svgToPng(svg, { dpi });
      expect(png.readUInt32BE(16)).toBe(Math.round((900 * dpi) / 96));
      expect(png.readUInt32BE(20)).toBe(Math.round((svgSize(svg).height * dpi) / 96));
      expect(pngDpi(png)).toBe(dpi);
    }
  });

  it('keeps the hatch striped (not solid) after rasterising', () => {
    // the manual compile-cache bar of the candidate alone (a wide bar on its own 0–260 s axis):
    // sample a horizontal run of pixels through its middle
    const svg = renderFigureSvg({ kind: 'waterfall', snapshots: [cand], width: 900 });
    const m =
      /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="2" fill="url\(#fig-wf-hatch/.exec(
        svg,
      );
    expect(m).not.toBeNull();
    const [x, y, w, h] = (m?.slice(1) ?? []).map(Number) as [number, number, number, number];
    const top = Number(/<g transform="translate\(0,([\d.]+)\)" data-snapshot="qwen235B-all"/.exec(svg)?.[1]);
    const inner = Number(
      /<g transform="translate\(0,([\d.]+)\)">/.exec(
        svg.slice(svg.indexOf('data-snapshot="qwen235B-all"')),
      )?.[1],
    );
    const img = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: false },
    }).render();
    const py = Math.round((top + inner + y + h / 2) * 2);
    const lum: number[] = [];
    for (let px = Math.round((x + 2) * 2); px < Math.round((x + w - 2) * 2); px += 1) {
      const i = (py * img.width + px) * 4;
      const [r, g, b] = [img.pixels[i] ?? 0, img.pixels[i + 1] ?? 0, img.pixels[i + 2] ?? 0];
      lum.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
    }
    expect(lum.length).toBeGreaterThan(20);
    // stripes: both the full phase colour (#CC79A7, luminance ≈ 140) and its light tint appear,
    // and the run alternates between them several times; a solid bar would be one value
    const dark = lum.filter((l) => l < 160).length;
    const light = lum.filter((l) => l > 185).length;
    expect(dark).toBeGreaterThan(lum.length / 6);
    expect(light).toBeGreaterThan(lum.length / 6);
    let switches = 0;
    for (let i = 1; i < lum.length; i += 1)
      if ((lum[i - 1] ?? 0) < 172 !== (lum[i] ?? 0) < 172) switches += 1;
    expect(switches).toBeGreaterThanOrEqual(4);
    expect(Math.min(...lum)).toBeGreaterThan(60); // not black
  });
});

describe('PDF', () => {
  it('is vector with searchable text: the title and the speedup', async () => {
    const pdf = await svgToPdf(renderFigureSvg(SPECS.waterfall as FigureSpec));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { PDFParse } = await import('pdf-parse');
    const text = (await new PDFParse({ data: new Uint8Array(pdf) }).getText()).text;
    expect(text).toContain('Replica start-up waterfall');
    expect(text).toContain('3.78x');
    expect(text).toContain('Time from replica start (s)');
    expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(false);
  });
});
