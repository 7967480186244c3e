// Plain-text tables for the terminal: fixed columns, seconds with one decimal, speedups with two.
import { phaseLabel } from '../../shared/phases';
import type { Comparison, ServingPoint, SnapshotDetail, SnapshotSummary } from '../../shared/model';

export function table(rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const s1 = (x: number | null) => (x === null ? '–' : x.toFixed(1));
const x2 = (x: number | null) => (x === null ? '–' : `${x.toFixed(2)}x`);
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

export function formatList(list: SnapshotSummary[]): string {
  if (list.length === 0) return 'No snapshots yet. Import some: benchlens import <file-or-folder>…';
  return table(
    [
      ['ID', 'NAME', 'KIND', 'MODEL', 'BUNDLE', 'TOTAL S'],
      ...list.map((s) => [String(s.id), s.name, s.kind, s.model ?? '–', s.bundle ?? '–', s1(s.totalS)]),
    ],
    ['r', 'l', 'l', 'l', 'l', 'r'],
  );
}

export function formatShow(d: SnapshotDetail): string {
  const head = [
    `${d.name} (id ${d.id}, ${d.kind}${d.model ? `, ${d.model}` : ''})`,
    `source: ${d.sourcePath}`,
  ];
  const meta = Object.entries(d.meta)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `  ${k}: ${String(v)}`);
  const rows = d.phases.map((p) => [
    (p.parent ? '  ' : '') + phaseLabel(p.id),
    s1(p.startS),
    s1(p.durationS),
    p.source + (p.source === 'manual' && p.measuredS !== null ? ` (measured ${p.measuredS.toFixed(1)})` : ''),
    p.ranks.length > 1 ? p.ranks.map((r) => r.valueS.toFixed(1)).join(' ') : '',
  ]);
  const out = [
    ...head,
    'meta:',
    ...meta,
    '',
    table([['PHASE', 'START S', 'DURATION S', 'SOURCE', 'RANKS'], ...rows], ['l', 'r', 'r', 'l', 'l']),
    '',
    `total ${d.totalS.toFixed(1)} s (sum of phases, ${d.ranks} rank)` +
      (d.wallClockS !== null ? `; log wall clock ${d.wallClockS.toFixed(1)} s` : ''),
  ];
  for (const i of d.issues) out.push(`note${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  return out.join('\n');
}

export function formatCompare(c: Comparison): string {
  const rows = c.phases.map((p) => [
    (p.parent ? '  ' : '') + phaseLabel(p.id),
    s1(p.baselineS),
    s1(p.candidateS),
    x2(p.speedup),
    s1(p.savedS),
    p.parent ? '' : pct(p.shareOfSaving),
  ]);
  return [
    `baseline  ${c.baseline.name}: ${c.baseline.totalS.toFixed(1)} s`,
    `candidate ${c.candidate.name}: ${c.candidate.totalS.toFixed(1)} s`,
    `speedup   ${x2(c.speedup)} (${c.savedS.toFixed(1)} s saved, ${c.ranks} rank)`,
    '',
    table(
      [['PHASE', 'BASELINE S', 'CANDIDATE S', 'SPEEDUP', 'SAVED S', 'SHARE'], ...rows],
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n');
}

const n = (v: unknown, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '–');

export function formatServing(d: SnapshotDetail, points: ServingPoint[]): string {
  const attrs = Object.entries(d.attributes).map(
    ([k, v]) => `  ${k}: ${String(v)}${d.editedAttributes.includes(k) ? ' (edited)' : ''}`,
  );
  const rows = points.map((p) => [
    p.file,
    p.concurrencyUnbounded ? '∞' : n(p.concurrency, 0),
    p.rateInfinite ? 'inf' : n(p.requestRate, 2),
    n(p.metrics['output_throughput']),
    n(p.metrics['median_ttft_ms']),
    n(p.metrics['median_tpot_ms'], 2),
    n(p.metrics['p99_itl_ms']),
    `${p.completed ?? '–'}/${p.numPrompts ?? '–'}${p.flags['failed'] === 'derived' ? '*' : ''}`,
    Object.entries(p.flags)
      .filter(([, f]) => f === 'NaN' || f === 'Infinity' || f === '-Infinity')
      .map(([k, f]) => `${k}=${f}`)
      .join(' '),
  ]);
  return [
    `${d.name} (id ${d.id}, serving${d.model ? `, ${d.model}` : ''}, bundle ${d.bundle ?? '–'})`,
    'attributes:',
    ...attrs,
    '',
    table(
      [
        [
          'FILE',
          'CONC',
          'RATE',
          'OUT TOK/S',
          'TTFT P50 MS',
          'TPOT P50 MS',
          'ITL P99 MS',
          'DONE',
          'NON-FINITE',
        ],
        ...rows,
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    points.some((p) => p.flags['failed'] === 'derived') ? '* failed derived as num_prompts − completed' : '',
  ].join('\n');
}
