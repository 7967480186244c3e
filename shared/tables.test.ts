// Tests for the table row model: ordering, sorting, CSV (RFC 4180, round trip through d3-dsv), Markdown,
// JSON, metadata diff, serving-comparison rows, top savings.
import { compareSnapshots } from './analysis';
import { csvParse, csvParseRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparison, PhaseComparison, SnapshotDetail } from './model';
import {
  COMPARISON_COLUMNS,
  comparisonRows,
  comparisonTable,
  markdownCell,
  metaDiff,
  metaDiffTable,
  phasesTable,
  sortRows,
  textCells,
  toCsv,
  toJsonTable,
  toMarkdown,
  topSavings,
  type TableModel,
} from './tables';

function pc(id: string, parent: string | null, b: number, c: number, share: number | null): PhaseComparison {
  return {
    id,
    parent,
    baselineS: b,
    candidateS: c,
    speedup: c > 0 ? b / c : null,
    savedS: b - c,
    shareOfSaving: share,
    baselineSource: 'log',
    candidateSource: id === 'warmup' ? 'manual' : 'log',
  };
}

const CMP: Comparison = {
  ranks: 'slowest',
  baseline: { id: 1, name: 'base', totalS: 982 },
  candidate: { id: 2, name: 'all', totalS: 260 },
  speedup: 982 / 260,
  savedS: 722,
  phases: [
    pc('torch_compile', null, 113, 23.4, 0.124),
    pc('model_loading', null, 758.2, 77.9, 0.942),
    pc('weights_download', 'model_loading', 724.1, 0, 1.003),
    pc('warmup', null, 47, 59, -0.017),
  ],
};

function detail(name: string, phases: SnapshotDetail['phases']): SnapshotDetail {
  return {
    id: 1,
    name,
    kind: 'startup',
    model: 'Qwen',
    bundle: null,
    createdAt: '2026-01-01',
    sourcePath: `/x/${name}.txt`,
    totalS: phases.filter((p) => p.parent === null).reduce((s, p) => s + p.durationS, 0),
    meta: {},
    attributes: {},
    editedAttributes: [],
    ranks: 'slowest',
    wallClockS: null,
    phases,
    issues: [],
  };
}

function phase(
  id: string,
  parent: string | null,
  startS: number,
  durationS: number,
  extra: Partial<SnapshotDetail['phases'][number]> = {},
): SnapshotDetail['phases'][number] {
  return {
    id,
    parent,
    startS,
    durationS,
    source: 'log',
    detail: `"${id} took ${durationS} s"`,
    ranks: [],
    lines: [],
    measuredS: null,
    note: null,
    ...extra,
  };
}

const ALL = detail('all', [
  phase('model_loading', null, 0, 77.9),
  phase('weights_download', 'model_loading', 0, 0),
  phase('torch_compile', null, 77.9, 23.4),
  phase('warmup', null, 101.3, 59, {
    source: 'manual',
    note: 'from the published chart, "12,3" | approx\nsee PR',
    measuredS: 47,
  }),
]);

describe('phase rows', () => {
  const rows = comparisonRows(CMP);
  it('orders parents then children in catalogue order, with parent ids and manual flags', () => {
    expect(rows.map((r) => r.id)).toEqual(['model_loading', 'weights_download', 'torch_compile', 'warmup']);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 0, 0]);
    expect(rows.map((r) => r.parent)).toEqual([null, 'model_loading', null, null]);
    expect(rows.find((r) => r.id === 'warmup')?.manual).toBe(true);
    expect(rows.find((r) => r.id === 'warmup')?.sources['candidate']?.kind).toBe('manual');
  });
  it('carries each side’s source detail and manual note when the details are given', () => {
    const r = comparisonRows(CMP, { candidate: ALL }).find((x) => x.id === 'warmup');
    expect(r?.sources['candidate']).toEqual({
      kind: 'manual',
      detail: '"warmup took 59 s"',
      note: 'from the published chart, "12,3" | approx\nsee PR',
    });
    expect(r?.cells['note']).toBe('candidate: from the published chart, "12,3" | approx\nsee PR');
  });
  it('sorts by a column with nulls last and restores catalogue order', () => {
    expect(sortRows(rows, { key: 'savedS', dir: 'desc' }).map((r) => r.id)).toEqual([
      'weights_download',
      'model_loading',
      'torch_compile',
      'warmup',
    ]);
    expect(sortRows(rows, { key: 'phase', dir: 'asc' }).map((r) => r.id)[0]).toBe('model_loading');
    expect(
      sortRows(rows, { key: 'speedup', dir: 'asc' })
        .map((r) => r.id)
        .at(-1),
    ).toBe('weights_download');
    expect(sortRows(sortRows(rows, { key: 'savedS', dir: 'asc' }), null).map((r) => r.id)).toEqual(
      rows.map((r) => r.id),
    );
  });
  it('keeps the total row last whatever the sort', () => {
    const t = comparisonTable(CMP);
    expect(t.rows.at(-1)?.cells).toMatchObject({
      phase: 'Total',
      baselineS: 982,
      candidateS: 260,
      savedS: 722,
    });
    for (const dir of ['asc', 'desc'] as const)
      expect(sortRows(t.rows, { key: 'savedS', dir }).at(-1)?.id).toBe('total');
  });
});

describe('CSV', () => {
  const table = comparisonTable(CMP, { candidate: ALL });
  const csv = toCsv(table);
  it('ends every line with CRLF and writes plain numbers, a parent column and a source column', () => {
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(true); // only inside the quoted note
    expect(lines[0]).toBe(
      'Phase,Baseline s,Candidate s,Speedup,Saved s,Share of saving,Phase id,Parent id,Baseline source,Candidate source,Manual note,Baseline measured s,Candidate measured s',
    );
    expect(lines[1]).toBe(
      `Model loading,758.2,77.9,${758.2 / 77.9},${758.2 - 77.9},0.942,model_loading,,log,log,,758.2,77.9`,
    );
    expect(csv).not.toMatch(/\dx\b|%/);
  });
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const warm = csv.split('\r\n').find((l) => l.startsWith('Warmup'));
    expect(warm).toBe(
      'Warmup → first request,47,59,0.7966101694915254,-12,-0.017,warmup,,log,manual,"candidate: from the published chart, ""12,3"" | approx\nsee PR",47,',
    );
  });
  it('round-trips through d3-dsv csvParse to the same numbers, sources and parents', () => {
    const parsed = csvParse(csv);
    expect(parsed).toHaveLength(table.rows.length);
    table.rows.forEach((r, i) => {
      const p = parsed[i];
      for (const c of table.columns) {
        const v = r.cells[c.key] ?? null;
        const back = p?.[c.label] ?? '';
        if (typeof v === 'number') expect(Number(back)).toBe(v);
        else expect(back).toBe(v ?? '');
      }
    });
    expect(parsed.map((p) => p['Parent id'])).toEqual(['', 'model_loading', '', '', '']);
    expect(parsed.map((p) => p['Candidate source'])).toEqual(['log', 'log', 'log', 'manual', '']);
    expect(parsed.at(-1)).toMatchObject({ Phase: 'Total', 'Phase id': 'total' });
    expect(
      [parsed.at(-1)?.['Baseline s'], parsed.at(-1)?.['Candidate s'], parsed.at(-1)?.['Saved s']].map(Number),
    ).toEqual([982, 260, 722]);
    expect(Number(parsed.at(-1)?.['Speedup'])).toBe(982 / 260);
  });
  it('round-trips any finite numbers and any text (commas, quotes, CR/LF, unicode) through csvParse', () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      fc
        .string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '|', 'é', '→', '1') })
        .filter((x) => x !== ''),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (cells) => {
        const t: TableModel = {
          title: 't',
          columns: ['a', 'b, "c"', 'd'].map((label, i) => ({
            key: `k${i}`,
            label,
            kind: 'number',
            format: String,
          })),
          rows: cells.map((r, i) => ({
            id: String(i),
            parent: null,
            depth: 0,
            order: i,
            manual: false,
            sources: {},
            cells: { k0: r[0] ?? null, k1: r[1] ?? null, k2: r[2] ?? null },
          })),
        };
        const back = csvParseRows(toCsv(t));
        expect(back[0]).toEqual(['a', 'b, "c"', 'd']);
        expect(back.slice(1)).toEqual(cells.map((r) => r.map((v) => (v === null ? '' : String(v)))));
        back.slice(1).forEach((r, i) =>
          r.forEach((v, j) => {
            const orig = cells[i]?.[j];
            if (typeof orig === 'number') expect(Number(v)).toBe(orig);
          }),
        );
      }),
    );
  });
  it('writes empty fields for null and non-finite numbers', () => {
    const t: TableModel = {
      title: 't',
      columns: [{ key: 'a', label: 'a', kind: 'number', format: String }],
      rows: [Number.NaN, Infinity, null].map((a, i) => ({
        id: String(i),
        parent: null,
        depth: 0,
        order: i,
        manual: false,
        sources: {},
        cells: { a },
      })),
    };
    expect(csvParseRows(toCsv(t))).toEqual([['a'], [''], [''], ['']]);
  });
  it('stacks several snapshots with a Snapshot column and snapshot-qualified parents', () => {
    const two = phasesTable([ALL, { ...ALL, name: 'base, 2' }]);
    const parsed = csvParse(toCsv(two));
    expect(parsed.map((p) => p['Snapshot'])).toEqual([
      ...Array<string>(5).fill('all'),
      ...Array<string>(5).fill('base, 2'),
    ]);
    expect(parsed.filter((p) => p['Phase'] === 'Total').map((p) => Number(p['Duration s']))).toEqual([
      ALL.totalS,
      ALL.totalS,
    ]);
    expect(parsed[1]?.['Parent id']).toBe('model_loading');
    expect(two.rows[1]?.parent).toBe('all/model_loading');
    expect(parsed[3]?.['Source']).toBe('manual');
    expect(Number(parsed[3]?.['Duration s'])).toBe(59);
  });
});

describe('Markdown', () => {
  it('writes a GitHub table of the visible columns, numbers right-aligned, children and manual rows marked', () => {
    const md = toMarkdown(comparisonTable(CMP)).split('\n');
    expect(md[0]).toBe('| Phase | Baseline s | Candidate s | Speedup | Saved s | Share of saving |');
    expect(md[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: |');
    expect(md[3]).toBe('| ↳ Weights download | 724.1 | 0.0 |  | 724.1 | 100% |');
    expect(md[5]).toBe('| Warmup → first request (manual) | 47.0 | 59.0 | 0.80x | -12.0 | -2% |');
  });
  it('escapes pipes and backslashes and keeps a row on one line', () => {
    expect(markdownCell('a|b\\c\nd')).toBe('a\\|b\\\\c<br>d');
    const md = toMarkdown(
      metaDiffTable([{ key: 'k|x', baseline: 'a\nb', candidate: 'c', differs: true }], 'b', 'c'),
    );
    expect(md.split('\n')[2]).toBe('| k\\|x | a<br>b | c | yes |');
  });
});

describe('JSON and text', () => {
  it('writes every column with its kind and unit and the raw values', () => {
    const j = toJsonTable(comparisonTable(CMP));
    expect(j.columns.find((c) => c.key === 'baselineS')).toEqual({
      key: 'baselineS',
      label: 'Baseline s',
      kind: 'seconds',
      unit: 's',
    });
    expect(j.rows[0]?.values).toMatchObject({ speedup: CMP.phases[1]?.speedup, shareOfSaving: 0.942 });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
  it('gives the terminal the visible cells with indented children and a dash for empty cells', () => {
    const t = textCells(comparisonTable(CMP));
    expect(t.header).toEqual(
      COMPARISON_COLUMNS.filter((c) => !c.exportOnly).map((c) => c.label.toUpperCase()),
    );
    expect(t.rows[1]).toEqual(['  Weights download', '724.1', '0.0', '–', '724.1', '100%']);
  });
});

describe('other tables', () => {
  it('diffs metadata with known keys first', () => {
    const d = metaDiff(
      { loadFormat: 'auto', tensorParallelSize: 8, zeta: 1 },
      { loadFormat: 'runai_streamer', tensorParallelSize: 8 },
      'Qwen',
      'Qwen',
    );
    expect(d).toEqual([
      { key: 'model', baseline: 'Qwen', candidate: 'Qwen', differs: false },
      { key: 'tensorParallelSize', baseline: '8', candidate: '8', differs: false },
      { key: 'loadFormat', baseline: 'auto', candidate: 'runai_streamer', differs: true },
      { key: 'zeta', baseline: '1', candidate: '', differs: true },
    ]);
  });
  it('lists the top savings among top-level phases, losses as negative shares, summing to 100%', () => {
    expect(topSavings(CMP).map((s) => [s.id, s.share])).toEqual([
      ['model_loading', 0.942],
      ['torch_compile', 0.124],
      ['warmup', -0.017],
    ]);
    // a consistent comparison (as the core computes it): the listed shares sum to exactly 100%
    const side = (id: number, d: [number, number, number, number]) => {
      const ids = ['fixed_init', 'model_loading', 'torch_compile', 'warmup'];
      const phases = ids.map((p, i) => phase(p, null, 0, d[i] ?? 0));
      return { id, name: `s${id}`, totalS: d.reduce((a, b) => a + b, 0), phases };
    };
    const real = compareSnapshots(side(1, [40, 758, 113, 4]), side(2, [50, 78, 23, 8]), 'slowest');
    const top = topSavings(real);
    expect(top.map((t) => t.id)).toEqual(['model_loading', 'torch_compile', 'warmup', 'fixed_init']);
    expect(top.filter((t) => t.share < 0).map((t) => t.id)).toEqual(['warmup', 'fixed_init']);
    expect(top.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 9);
    const two = topSavings(real, 2);
    expect(two.map((t) => t.id)).toEqual(['model_loading', 'torch_compile', 'other']);
    expect(two.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 9);
    // after Swap the total got slower: shares are of the loss, and still sum to 100%
    const swapped = topSavings(
      compareSnapshots(side(2, [50, 78, 23, 8]), side(1, [40, 758, 113, 4]), 'slowest'),
    );
    expect(swapped[0]?.id).toBe('model_loading');
    expect(swapped.reduce((a, t) => a + t.share, 0)).toBeCloseTo(1, 9);
  });
});
