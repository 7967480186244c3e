// Plain-text tables for the terminal: fixed columns, seconds with one decimal, speedups with two.
// Phase and diff tables are the shared table model's rows (shared/tables.ts), as in the app and exports.
import {
  comparisonTable,
  isNumeric,
  phaseTable,
  textCells,
  visibleColumns,
  type TableModel,
} from '../../shared/tables';
import { formatConfigValue, formatMetric, formatPValue, formatRatio } from '../../shared/format';
import type {
  CompareResult,
  Comparison,
  ConfigEntry,
  ServingComparison,
  ServingPoint,
  SnapshotDetail,
  SnapshotSummary,
} from '../../shared/model';
import { MAIN_METRICS } from '../../shared/serving-compare';
import { publishedGap } from '../../shared/published-gap';

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

/** Cuts a text to `width` characters with a trailing ellipsis. */
export function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * The snapshot list, fitted to `maxWidth` columns: the widest of name, model and bundle is narrowed
 * (ending in …) until the table fits. A total that includes manual values is marked `*` and footnoted.
 */
export function formatList(list: SnapshotSummary[], maxWidth = 100): string {
  if (list.length === 0) return 'No snapshots yet. Import some: benchlens import <file-or-folder>…';
  const anyManual = list.some((s) => (s.manualCount ?? 0) > 0);
  // a failed start-up's total runs to its failure, a partial log's is the span it covers: say so
  const status = (s: SnapshotSummary) => {
    const st = s.meta['startupStatus'];
    return st === 'failed' ? 'failed ' : st === 'partial' ? 'partial ' : '';
  };
  const total = (s: SnapshotSummary) =>
    `${status(s)}${s1(s.totalS)}${(s.manualCount ?? 0) > 0 ? '*' : anyManual ? ' ' : ''}`;
  const head = ['ID', 'NAME', 'KIND', 'MODEL', 'BUNDLE', 'TOTAL S'];
  const body = list.map((s) => [String(s.id), s.name, s.kind, s.model ?? '–', s.bundle ?? '–', total(s)]);
  const flex = [1, 3, 4];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const lineWidth = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (lineWidth() > maxWidth) {
    const widest = flex.reduce((a, b) => ((widths[b] ?? 0) > (widths[a] ?? 0) ? b : a));
    if ((widths[widest] ?? 0) <= 8) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  const cut = (r: string[]) => r.map((c, i) => (flex.includes(i) ? shorten(c, widths[i] ?? c.length) : c));
  const out = table([head, ...body.map(cut)], ['r', 'l', 'l', 'l', 'l', 'r']);
  if (!anyManual) return out;
  return `${out}\n* includes manual values; measured from the log: ${list
    .filter((s) => (s.manualCount ?? 0) > 0)
    .map((s) => `${s.name} ${s1(s.measuredTotalS ?? null)} s`)
    .join(', ')}`;
}

/** A table model as terminal text: its visible columns, numbers right-aligned, plus extra columns. */
export function modelTable(model: TableModel, extra: { label: string; cells: string[] }[] = []): string {
  const t = textCells(model);
  const vis = visibleColumns(model.columns);
  return table(
    [
      [...t.header, ...extra.map((e) => e.label)],
      ...t.rows.map((r, i) => [...r, ...extra.map((e) => e.cells[i] ?? '')]),
    ],
    [...vis.map((c) => (isNumeric(c) ? 'r' : 'l') as 'l' | 'r'), ...extra.map(() => 'l' as const)],
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
  const model = phaseTable(d);
  const byId = new Map(d.phases.map((p) => [p.id, p]));
  const phaseOf = (id: string) => byId.get(id);
  const out = [
    ...head,
    'meta:',
    ...meta,
    '',
    modelTable(model, [
      {
        label: 'MEASURED S',
        cells: model.rows.map((r) => {
          const p = phaseOf(r.id);
          return p && p.source === 'manual' && p.measuredS !== null ? p.measuredS.toFixed(1) : '';
        }),
      },
      {
        label: 'RANKS',
        cells: model.rows.map((r) => {
          const p = phaseOf(r.id);
          return p && p.ranks.length > 1 ? p.ranks.map((k) => k.valueS.toFixed(1)).join(' ') : '';
        }),
      },
    ]),
    '',
    `total ${d.totalS.toFixed(1)} s (sum of phases, ${d.ranks} rank)` +
      (d.manualCount ? ` incl. ${d.manualCount} manual value${d.manualCount > 1 ? 's' : ''}` : '') +
      (d.manualCount && d.measuredTotalS != null ? `; measured ${d.measuredTotalS.toFixed(1)} s` : '') +
      (d.wallClockS !== null ? `; log wall clock ${d.wallClockS.toFixed(1)} s` : ''),
  ];
  for (const r of model.rows) {
    const note = r.sources['value']?.note;
    if (note) out.push(`manual ${r.id}: ${note}`);
  }
  for (const sc of d.scenarios ?? [])
    out.push(
      `scenario ${sc.scenario === '' ? '(unnamed)' : `"${sc.scenario}"`}: ${sc.enabled ? 'applied' : 'off'} (${sc.phases.join(', ')})`,
    );
  for (const i of d.issues) out.push(`note${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  const gap = publishedGap(d);
  if (gap) out.push('', formatPublishedGap(gap));
  return out.join('\n');
}

/** Which phases the log and the published chart disagree on, and by how much (shared/published-gap.ts). */
export function formatPublishedGap(gap: NonNullable<ReturnType<typeof publishedGap>>): string {
  const s = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  return [
    `log vs published chart ${gap.figure}:`,
    table(
      [
        ['PHASE', 'LOGGED S', 'PUBLISHED S', 'DIFFERENCE S'],
        ...gap.rows.map((r) => [r.label, s(r.loggedS), s(r.publishedS), signed(r.differenceS)]),
        [
          'Total',
          s(gap.loggedTotalS),
          s(gap.publishedTotalS),
          signed(gap.publishedTotalS - gap.loggedTotalS),
        ],
      ],
      ['l', 'r', 'r', 'r'],
    ),
    `published values: assumed constants, source ${gap.source}`,
  ].join('\n');
}

/** `compare` in the terminal, for either kind, followed by what changed between the two snapshots. */
export function formatCompare(c: CompareResult): string {
  const body = c.kind === 'serving' ? formatServingCompare(c) : formatStartupCompare(c);
  return `${body}\n\n${formatConfig(c.config)}`;
}

export function formatConfig(config: readonly ConfigEntry[]): string {
  if (config.length === 0) return 'config: no differences';
  return [
    'config (only what differs):',
    table(
      [
        ['KEY', 'BASELINE', 'CANDIDATE'],
        ...config.map((e) => [e.key, formatConfigValue(e.baseline), formatConfigValue(e.candidate)]),
      ].map((r, i) => (i === 0 ? r : r.map((v) => `${v}`))),
    )
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  ].join('\n');
}

/**
 * Serving: the main metrics (or the ones asked for) at every shared x. As in benchstat, a `~` row is noise:
 * its ratio is shown but the verdict says the samples cannot tell the two apart.
 */
export function formatServingCompare(c: ServingComparison): string {
  const requested = new Set(c.rows.map((r) => r.metric));
  const main = (MAIN_METRICS as readonly string[]).filter((m) => requested.has(m));
  const all = requested.size <= 12 || main.length === 0;
  const shown = c.rows.filter((r) => all || main.includes(r.metric));
  const verdict = (v: string | null) => (v === '~' ? '~ (noise)' : (v ?? 'no direction'));
  const rows = shown.map((r, i) => [
    shown[i - 1]?.metric === r.metric ? '' : r.metric,
    String(r.x),
    formatMetric(r.baseline),
    formatMetric(r.candidate),
    formatRatio(r.ratio),
    r.ci ? `${formatRatio(r.ci[0])}–${formatRatio(r.ci[1])}` : '—',
    formatPValue(r.pValue),
    `${r.n[0]}/${r.n[1]}`,
    verdict(r.verdict),
  ]);
  const norm =
    c.normalise === 'none'
      ? ''
      : `, throughputs per ${c.normalise} (÷ ${c.divisors[0]} / ÷ ${c.divisors[1]})`;
  const warnings = [...new Set(shown.flatMap((r) => (r.warning ? [r.warning] : [])))];
  return [
    `baseline  ${c.baseline.name}${c.baseline.label !== c.baseline.name ? ` (${c.baseline.label})` : ''}`,
    `candidate ${c.candidate.name}${c.candidate.label !== c.candidate.name ? ` (${c.candidate.label})` : ''}`,
    `matched by ${c.x === 'rate' ? 'request rate' : 'concurrency'}${norm}; ratio = candidate / baseline; p = two-sided Mann–Whitney U over the replicate samples (client parts or repeats), CI = 95% bootstrap of the ratio of the samples' medians`,
    '',
    shown.length === 0
      ? 'no point shared by both snapshots'
      : table(
          [
            [
              'METRIC',
              c.x === 'rate' ? 'RATE' : 'CONC',
              'BASELINE',
              'CANDIDATE',
              'RATIO',
              '95% CI',
              'P',
              'N',
              'VERDICT',
            ],
            ...rows,
          ],
          ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
        ),
    all ? '' : `(${main.length} main metrics of ${requested.size}; --metric KEY for others, --json for all)`,
    ...warnings.map((w) => `note: ${w}`),
  ]
    .filter((l, i, a) => l !== '' || a[i - 1] !== '')
    .join('\n')
    .trimEnd();
}

/** A total with its log-only value beside it when it includes manual values. */
function sideTotal(s: Comparison['baseline']): string {
  if (!s.manual || s.measuredTotalS === undefined) return `${s.totalS.toFixed(1)} s`;
  return `${s.totalS.toFixed(1)} s incl. manual values (measured: ${s.measuredTotalS.toFixed(1)} s)`;
}

export function formatStartupCompare(c: Comparison): string {
  const savedWord = (s: number) => (s < 0 ? `${(-s).toFixed(1)} s lost` : `${s.toFixed(1)} s saved`);
  const speed =
    c.manual && c.measuredSpeedup !== undefined
      ? `${x2(c.speedup)} incl. manual values (${savedWord(c.savedS)}); measured: ${x2(c.measuredSpeedup)} (${savedWord(c.measuredSavedS ?? 0)}), ${c.ranks} rank`
      : `${x2(c.speedup)} (${savedWord(c.savedS)}, ${c.ranks} rank)`;
  return [
    `baseline  ${c.baseline.name}: ${sideTotal(c.baseline)}`,
    `candidate ${c.candidate.name}: ${sideTotal(c.candidate)}`,
    `speedup   ${speed}`,
    '',
    modelTable(comparisonTable(c)),
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
