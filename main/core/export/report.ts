// The offline HTML report: one self-contained file for one or more start-up and/or serving snapshots with
// the headline computed from the comparison, the figures as inline SVG (the headless renderer), the phase
// or serving diff table with verdicts, the configuration diff, the source of every value, the BenchLens
// version and the import provenance. Guarantees: every user-controlled string is HTML-escaped; nothing in
// the file refers to the network (a strict CSP forbids it) and it needs no script; print CSS keeps each
// figure on one page.
import { createHash } from 'node:crypto';
import { extent } from 'd3-array';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import pkg from '../../../package.json' with { type: 'json' };
import { compareSnapshots } from '../../../shared/analysis';
import { configDiff } from '../../../shared/config-diff';
import {
  formatBytes,
  formatConfigValue,
  formatMetric,
  formatPercent,
  formatRatio,
  formatSeconds,
  formatSecondsExact,
  formatSpeedup,
} from '../../../shared/format';
import type {
  ConfigEntry,
  LogEvent,
  Meta,
  Phase,
  RankMode,
  ServingComparison,
  ServingPoint,
  SnapshotDetail,
  SnapshotSummary,
  StartupComparison,
} from '../../../shared/model';
import { matchedAdvantage, paretoPoints } from '../../../shared/pareto';
import { phaseColor, phaseLabel } from '../../../shared/phases';
import { orderPhases } from '../../../shared/phase-order';
import {
  compareServing,
  MAIN_METRICS,
  ServingCompareError,
  type ServingCompareSide,
} from '../../../shared/serving-compare';
import { servingCompareTable } from '../../../shared/serving-compare-table';
import { divisorFor, type Normalisation } from '../../../shared/serving';
import {
  comparisonTable,
  isNumeric,
  phaseTable,
  sourceKindLabel,
  topSavings,
  visibleColumns,
  type TableModel,
  type TableRow,
} from '../../../shared/tables';
import { Figure } from '../../../figures/Figure';
import { modelGroup } from '../../../figures/grouped-bars-layout';
import { figureLabels, type FigureSpec, type ServingInput, type StartupInput } from '../../../figures/spec';
import { displayLabel } from '../../../shared/short-label';
import type { SourceFileInfo } from '../../../db/store';
import { CoreError } from '../call';

/** The BenchLens version written into every report (package.json). */
export const BENCHLENS_VERSION: string = pkg.version;

/** What the report reads from the store; the service passes closures over its Store. */
export interface ReportSources {
  /** A snapshot by id or unique name (serving summaries with their point aggregates); throws when absent. */
  snapshot(ref: number | string): SnapshotSummary;
  startup(id: number, ranks: RankMode): SnapshotDetail;
  servingPoints(id: number): ServingPoint[];
  /** The log lines behind a value. */
  events(id: number, lines: readonly number[]): LogEvent[];
  sourceFiles(id: number): SourceFileInfo[];
  /** Published charts of the snapshot's bundle whose name matches it (e.g. Qwen235B.png), when asked for. */
  publishedFigures?(id: number): PublishedFigure[];
}

export interface PublishedFigure {
  name: string;
  mime: string;
  data: Uint8Array;
}

export interface ReportOptions {
  ranks: RankMode;
  normalise: Normalisation;
  title?: string | undefined;
  /** Embed the bundle's matching published charts (PNG/JPEG as data: URIs) beside BenchLens's figures. */
  published?: boolean | undefined;
  /** ISO time written as "generated at"; defaults to now. */
  generatedAt?: string | undefined;
}

const FIGURE_WIDTH = 960;
/** Log lines shown under each value in "Sources of the values"; the rest are counted. */
const MAX_LOG_LINES = 6;

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function esc(s: string | number | boolean | null | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline-SVG markup of a figure; its ids (hatch patterns) are prefixed so figures in one page never share one. */
export function inlineFigure(spec: FigureSpec, prefix: string): string {
  // inside HTML the parser puts <svg> in the SVG namespace itself: the xmlns attribute is not needed
  const svg = renderToStaticMarkup(createElement(Figure, { spec })).replace(
    ' xmlns="http://www.w3.org/2000/svg"',
    '',
  );
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

interface StartupPair {
  baseline: SnapshotDetail;
  candidate: SnapshotDetail;
  comparison: StartupComparison;
}

interface StartupPart {
  details: SnapshotDetail[];
  pairs: StartupPair[];
}

interface ServingSnap {
  summary: SnapshotSummary;
  points: ServingPoint[];
  label: string;
}

interface ServingPart {
  snaps: ServingSnap[];
  comparisons: ServingComparison[];
}

/**
 * Who is compared with whom: like the bars figure, the first snapshot of each model is the baseline of
 * the others of that model; when no model has two snapshots, the first snapshot is everyone's baseline.
 */
export function startupBaselines<
  T extends { name: string; model: string | null; modelKey?: string | null | undefined },
>(snaps: readonly T[]): [T, T][] {
  const groups = new Map<string, T[]>();
  for (const s of snaps) {
    const key = modelGroup(s.model, s.name, s.modelKey).key;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const [first, ...rest] = snaps;
  if (!first) return [];
  if ([...groups.values()].every((g) => g.length < 2)) return rest.map((c) => [first, c]);
  return [...groups.values()].flatMap(([base, ...others]) =>
    base ? others.map((c): [T, T] => [base, c]) : [],
  );
}

function startupPart(refs: SnapshotSummary[], src: ReportSources, ranks: RankMode): StartupPart | null {
  if (refs.length === 0) return null;
  const details = refs.map((s) => src.startup(s.id, ranks));
  const pairs = startupBaselines(details).map(([baseline, candidate]) => ({
    baseline,
    candidate,
    comparison: {
      kind: 'startup' as const,
      ...compareSnapshots(baseline, candidate, ranks),
      config: configDiff(baseline, candidate),
    },
  }));
  return { details, pairs };
}

/**
 * The comparison of the main metrics both sides have (the report's table and headline): the bootstrap of
 * every other key is what makes a full compare slow. Falls back to every key when none of them is there.
 */
function compareMain(
  baseline: ServingCompareSide,
  candidate: ServingCompareSide,
  normalise: Normalisation,
): ServingComparison {
  const has = (s: ServingCompareSide, k: string) =>
    s.points.some((p) => typeof p.metrics[k] === 'number' && Number.isFinite(p.metrics[k]));
  const metrics = MAIN_METRICS.filter((k) => has(baseline, k) && has(candidate, k));
  if (metrics.length > 0) {
    try {
      return compareServing(baseline, candidate, { normalise, metrics });
    } catch (e) {
      // a key present in some file but not at a shared point: let compare pick what it can
      if (!(e instanceof ServingCompareError) || !/^no metric/.test(e.message)) throw e;
    }
  }
  return compareServing(baseline, candidate, { normalise });
}

function servingPart(
  refs: SnapshotSummary[],
  src: ReportSources,
  normalise: Normalisation,
): ServingPart | null {
  if (refs.length === 0) return null;
  const labels = figureLabels(refs);
  const snaps = refs.map((s, i) => ({
    summary: s,
    points: src.servingPoints(s.id),
    label: labels[i] ?? s.name,
  }));
  const [base, ...rest] = snaps;
  const side = (s: ServingSnap) => ({ ...s.summary, points: s.points });
  let comparisons: ServingComparison[] = [];
  try {
    comparisons = base ? rest.map((c) => compareMain(side(base), side(c), normalise)) : [];
  } catch (e) {
    if (e instanceof ServingCompareError) throw new CoreError('bad_input', e.message);
    throw e;
  }
  return { snaps, comparisons };
}

// ---------------------------------------------------------------------------------------------- headlines

/** "replica cold start 982 s → 260 s, 3.78x; 94% of the saving is model loading" (from the comparison). */
export function startupHeadline(c: StartupComparison): string {
  const from = formatSeconds(c.baseline.totalS);
  const to = formatSeconds(c.candidate.totalS);
  const x = formatSpeedup(c.speedup);
  if (c.savedS === 0) return `replica cold start ${from} → ${to}, ${x}: no change`;
  const top = topSavings(c, 1)[0];
  const kind = c.savedS > 0 ? 'saving' : 'loss';
  const slower = c.savedS < 0 ? ` (${formatSeconds(-c.savedS)} slower)` : '';
  const where = !top
    ? ''
    : top.share > 1
      ? `; ${top.label.toLowerCase()} alone ${c.savedS > 0 ? 'saved' : 'lost'} ${formatSeconds(Math.abs(top.savedS))}, ${formatPercent(top.share)} of the net ${kind} (other phases got ${c.savedS > 0 ? 'slower' : 'faster'})`
      : `; ${formatPercent(top.share)} of the ${kind} is ${top.label.toLowerCase()}`;
  return `replica cold start ${from} → ${to}, ${x}${slower}${where}`;
}

/** Every phase behind at least 0.5% of the saving: "Model loading 680.3 s (94%), torch.compile 89.7 s (12%)". */
function savingBreakdown(c: StartupComparison): string {
  const top = topSavings(c, 6);
  if (top.length === 0) return c.savedS > 0 ? '' : 'No phase got faster.';
  return `${c.savedS > 0 ? 'Where the saving came from' : 'Where the time was lost'}: ${top
    .map((t) => `${t.label} ${formatSecondsExact(Math.abs(t.savedS))} (${formatPercent(t.share)})`)
    .join(', ')}.`;
}

const HEADLINE_METRICS: readonly { key: string; label: string }[] = [
  { key: 'output_throughput', label: 'output throughput' },
  { key: 'median_ttft_ms', label: 'median TTFT' },
  { key: 'median_tpot_ms', label: 'median TPOT' },
];

function range(values: readonly number[], fmt: (v: number) => string): string {
  const [lo = 0, hi = 0] = extent(values);
  return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
}

function countPhrase(rows: readonly ServingComparison['rows'][number][]): string {
  const n = (v: string) => rows.filter((r) => r.verdict === v).length;
  const parts = [
    [n('better'), 'better'],
    [n('worse'), 'worse'],
    [n('~'), 'noise'],
    [n('single run'), n('single run') === 1 ? 'single run' : 'single runs'],
  ] as const;
  const text = parts
    .filter(([k]) => k > 0)
    .map(([k, w]) => `${k} ${w}`)
    .join(', ');
  return n('single run') === rows.length && rows.length > 0
    ? `${text} (one result file per point on a side: no significance test)`
    : text;
}

/** One line per headline metric: the ratio range over the shared points and the verdict counts. */
export function servingHeadline(c: ServingComparison): string[] {
  const xName = c.x === 'rate' ? 'request rates' : 'concurrencies';
  return HEADLINE_METRICS.flatMap(({ key, label }) => {
    const rows = c.rows.filter((r) => r.metric === key && r.ratio != null);
    if (rows.length === 0) return [];
    const ratios = rows.map((r) => r.ratio ?? 1);
    const xs = rows.map((r) => r.x);
    return [
      `${label} ${range(ratios, (v) => `${formatRatio(v)}x`)} of the baseline over ${rows.length} ${xName} (${range(xs, String)}): ${countPhrase(rows)}`,
    ];
  });
}

// ---------------------------------------------------------------------------------------------- HTML parts

function table(
  head: readonly string[],
  rows: readonly string[][],
  cls = '',
  numeric: readonly boolean[] = [],
) {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

interface ModelTableOptions {
  className: string;
  testId: string;
  rowClass?: (r: TableRow) => string;
  extra?: { label: string; cell: (r: TableRow) => string }[];
}

/** A table model's visible columns as HTML (display text from the model's own formatters). */
function modelTable(model: TableModel, opts: ModelTableOptions): string {
  const cols = visibleColumns(model.columns);
  const head = [
    ...cols.map((c) => `<th${isNumeric(c) ? ' class="num"' : ''} scope="col">${esc(c.label)}</th>`),
    ...(opts.extra ?? []).map((e) => `<th scope="col">${esc(e.label)}</th>`),
  ].join('');
  const body = model.rows
    .map((r) => {
      const cls = [
        r.depth > 0 ? 'child' : '',
        r.pinned ? 'total' : '',
        r.manual ? 'manual' : '',
        opts.rowClass?.(r) ?? '',
      ]
        .filter(Boolean)
        .join(' ');
      const cells = cols.map((c, i) => {
        let v = esc(c.format(r.cells[c.key] ?? null));
        if (i === 0 && r.depth > 0) v = `↳ ${v}`;
        if (i === 0 && r.manual) v = `${v} <span class="tag">manual</span>`;
        const tip = c.titleKey != null ? String(r.cells[c.titleKey] ?? '') : '';
        return `<td${isNumeric(c) ? ' class="num"' : ''}${tip ? ` title="${esc(tip)}"` : ''}>${v}</td>`;
      });
      const extra = (opts.extra ?? []).map((e) => `<td>${e.cell(r)}</td>`);
      return `<tr${cls ? ` class="${cls}"` : ''}>${[...cells, ...extra].join('')}</tr>`;
    })
    .join('\n');
  return `<table class="${opts.className}" data-testid="${esc(opts.testId)}" aria-label="${esc(model.title)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function figureBlock(spec: FigureSpec, prefix: string, caption: string): string {
  return `<figure class="fig" data-figure="${esc(spec.kind)}">${inlineFigure(spec, prefix)}<figcaption>${esc(caption)}</figcaption></figure>`;
}

function configTable(config: readonly ConfigEntry[], baseline: string, candidate: string): string {
  if (config.length === 0)
    return '<p class="muted">No configuration key differs between the two snapshots.</p>';
  return table(
    ['Key', `Baseline · ${esc(baseline)}`, `Candidate · ${esc(candidate)}`],
    config.map((e) => [
      `<code>${esc(e.key)}</code>`,
      esc(formatConfigValue(e.baseline)),
      esc(formatConfigValue(e.candidate)),
    ]),
    'config',
  );
}

function sourceCell(r: TableRow): string {
  const side = (k: string) => {
    const s = r.sources[k];
    return s ? `<span class="src src-${esc(s.kind)}">${esc(s.kind)}</span>` : '–';
  };
  if (r.pinned) return '';
  return `${side('baseline')} / ${side('candidate')}`;
}

function startupSection(part: StartupPart, src: ReportSources, ranks: RankMode): string {
  const labels = figureLabels(part.details);
  const inputs: StartupInput[] = part.details.map((d, i) => ({
    label: labels[i] ?? d.name,
    name: d.name,
    model: d.model,
    modelKey: d.modelKey,
    totalS: d.totalS,
    phases: d.phases,
  }));
  const out: string[] = ['<section class="startup" id="startup"><h2>Start-up</h2>'];
  const base = part.details[0];
  if (!base) return '';
  out.push(
    `<p class="muted">${part.details.length} start-up snapshot${part.details.length === 1 ? '' : 's'}; baseline${part.pairs.length > 0 ? `s: ${esc([...new Set(part.pairs.map((p) => p.baseline.name))].join(', '))}` : ` ${esc(base.name)}`}; tensor-parallel ranks aggregated by the <b>${esc(ranks)}</b> rank. Speedup = baseline ÷ candidate.</p>`,
  );
  out.push('<div class="figures">');
  out.push(
    figureBlock(
      { kind: 'waterfall', snapshots: inputs, width: FIGURE_WIDTH },
      'su-wf',
      'Waterfall: every phase at its start offset from the replica start, one shared time axis.',
    ),
  );
  out.push(
    figureBlock(
      { kind: 'bars', snapshots: inputs, width: FIGURE_WIDTH },
      'su-bars',
      'Stacked top-level phases per snapshot, grouped by model.',
    ),
  );
  out.push('</div>');
  if (part.pairs.length === 0) {
    out.push('<h3>Phases</h3>');
    out.push(modelTable(phaseTable(base), { className: 'data phases', testId: 'phase-table' }));
  }
  for (const { baseline, candidate: cand, comparison: c } of part.pairs) {
    out.push(`<div class="block"><h3>Phases: ${esc(c.baseline.name)} vs ${esc(c.candidate.name)}</h3>`);
    out.push(
      modelTable(comparisonTable(c, { baseline, candidate: cand }), {
        className: 'data phases',
        testId: 'phase-table',
        extra: [{ label: 'Source (A / B)', cell: sourceCell }],
      }),
    );
    out.push(
      `<p class="note">${esc(savingBreakdown(c))} Share of saving: a phase's seconds saved ÷ the total saved; child phases are shares of the same total.</p></div>`,
    );
    out.push(
      `<div class="block keep"><h3>What changed</h3>${configTable(c.config, c.baseline.name, c.candidate.name)}</div>`,
    );
  }
  out.push('<div class="block sources"><h3>Sources of the values</h3>');
  out.push(
    '<p class="muted">Every phase value and where it came from: a log message, a timestamp difference, derived from other values, or a manual value with its note. Log lines are quoted with their line number in the imported file.</p>',
  );
  for (const d of part.details) out.push(sourcesTable(d, src));
  out.push('</div></section>');
  return out.join('\n');
}

function logLines(events: readonly LogEvent[], total: number): string {
  if (total === 0) return '';
  const shown = events
    .slice(0, MAX_LOG_LINES)
    .map((e) => `<div class="log"><span class="ln">${e.line}</span> ${esc(e.message)}</div>`)
    .join('');
  const more = total - Math.min(events.length, MAX_LOG_LINES);
  return `${shown}${more > 0 ? `<div class="muted">… ${more} more line${more === 1 ? '' : 's'}</div>` : ''}`;
}

function sourceDetail(p: Phase): string {
  if (p.source === 'manual') {
    const measured = p.measuredS != null ? `measured ${formatSecondsExact(p.measuredS)}` : 'not in the log';
    return `manual value${p.note ? `: ${esc(p.note)}` : ''} <span class="muted">(${measured})</span>`;
  }
  return esc(p.detail);
}

/** A swatch's colour as a class (no style attributes: the report's CSP allows only its own <style>). */
function swatchClass(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? `sw-${color.slice(1).toLowerCase()}` : '';
}

/** The report's stylesheet: the fixed rules and one rule per swatch colour the body uses. */
function reportCss(body: string): string {
  const colors = new Set([...body.matchAll(/class="swatch sw-([0-9a-f]{3,8})"/g)].map((m) => m[1] ?? ''));
  return `${CSS}${[...colors].map((c) => `.sw-${c}{background:#${c}}`).join('')}`;
}

function sourcesTable(d: SnapshotDetail, src: ReportSources): string {
  const rows = orderPhases(d.phases, (p) => p.startS).map((p) => {
    const events = p.lines.length > 0 ? src.events(d.id, p.lines.slice(0, MAX_LOG_LINES)) : [];
    return [
      `<span class="swatch ${swatchClass(phaseColor(p.id))}"></span>${p.parent ? '↳ ' : ''}${esc(phaseLabel(p.id))}`,
      esc(formatSecondsExact(p.durationS)),
      `<span class="src src-${esc(p.source)}">${esc(sourceKindLabel(p.source))}</span>`,
      `${sourceDetail(p)}${logLines(events, p.lines.length)}`,
    ];
  });
  return `<h4>${esc(d.name)}</h4>${table(['Phase', 'Value', 'Source', 'Detail and log lines'], rows, 'data sources-table', [false, true, false, false])}`;
}

function servingSection(part: ServingPart, normalise: Normalisation): string {
  const inputs: ServingInput[] = part.snaps.map((s) => ({
    id: s.summary.id,
    name: s.summary.name,
    label: s.label,
    attributes: s.summary.attributes,
    points: s.points,
  }));
  const base = part.snaps[0];
  if (!base) return '';
  const out: string[] = ['<section class="serving" id="serving"><h2>Serving</h2>'];
  out.push(
    `<p class="muted">${part.snaps.length} serving snapshot${part.snaps.length === 1 ? '' : 's'} (<code>vllm bench serve</code> results); baseline <span title="${esc(base.summary.name)}">${esc(base.label)}</span>; throughputs ${normalise === 'none' ? 'as measured' : `per ${normalise === 'replica' ? 'replica' : 'GPU'}`}.</p>`,
  );
  const common = { width: FIGURE_WIDTH, normalise, x: 'auto' as const };
  out.push('<div class="figures">');
  out.push(
    figureBlock(
      { kind: 'curves', snapshots: inputs, metric: 'output', stat: 'mean', ...common },
      'sv-out',
      'Output throughput against load.',
    ),
  );
  out.push(
    figureBlock(
      { kind: 'curves', snapshots: inputs, metric: 'ttft', stat: 'median', ...common },
      'sv-ttft',
      'Median time to first token against load.',
    ),
  );
  out.push(
    figureBlock(
      { kind: 'curves', snapshots: inputs, metric: 'tpot', stat: 'median', ...common },
      'sv-tpot',
      'Median time per output token against load.',
    ),
  );
  if (inputs.length > 1)
    out.push(
      figureBlock(
        { kind: 'ratio', snapshots: inputs, metric: 'output', stat: 'mean', ...common },
        'sv-ratio',
        'Output throughput of each candidate ÷ the baseline at the same load; 1.0 = equal.',
      ),
    );
  if (inputs.every((s) => divisorFor(s.attributes, 'gpu') != null))
    out.push(
      figureBlock(
        { kind: 'pareto', snapshots: inputs, x: 'interactivity', width: FIGURE_WIDTH },
        'sv-pareto',
        'Throughput per GPU against interactivity, with each snapshot’s Pareto frontier.',
      ),
    );
  out.push('</div>');
  out.push(
    '<p class="note">Where the numbers come from: the value at a point is the experiment’s <code>all-parts</code> result file where one exists, else the mean of its single-client files; files whose requests all failed are left out. p: two-sided Mann–Whitney U over the replicate samples (client parts or repeats); CI: 95% bootstrap of the ratio of the samples’ medians; verdict better/worse when p &lt; 0.05, <b>~</b> (noise, greyed) otherwise; a single run is never a finding. The files are listed under Provenance.</p>',
  );
  for (const c of part.comparisons) {
    const main = { ...c, rows: c.rows.filter((r) => (MAIN_METRICS as readonly string[]).includes(r.metric)) };
    const model = servingCompareTable(main);
    out.push(`<div class="block"><h3>Diff: ${esc(c.candidate.label)} vs ${esc(c.baseline.label)}</h3>`);
    out.push(
      modelTable(model, {
        className: 'data diff',
        testId: 'serving-diff',
        rowClass: (r) => {
          const v = r.cells['verdict'];
          return v === '~ noise' ? 'noise' : v === 'better' ? 'better' : v === 'worse' ? 'worse' : '';
        },
      }),
    );
    out.push(
      `<p class="muted">The main metrics; every key of the result files is in <code>benchlens compare ${esc(c.baseline.name)} ${esc(c.candidate.name)} --json</code>.</p></div>`,
    );
    out.push(
      `<div class="block keep"><h3>What changed</h3>${configTable(c.config, c.baseline.label, c.candidate.label)}</div>`,
    );
  }
  if (part.comparisons.length === 0) out.push(pointsTable(base));
  out.push('</section>');
  return out.join('\n');
}

/** One serving snapshot alone: its main metrics per point. */
function pointsTable(s: ServingSnap): string {
  const keys = ['output_throughput', 'median_ttft_ms', 'median_tpot_ms', 'p99_ttft_ms'];
  const rows = s.points
    .filter((p) => p.aggregate || p.part == null)
    .map((p) => [
      esc(p.file),
      esc(p.concurrency ?? (p.rateInfinite ? 'inf' : p.requestRate)),
      ...keys.map((k) => {
        const v = p.metrics[k];
        return esc(typeof v === 'number' ? formatMetric(v) : '—');
      }),
    ]);
  return `<div class="block"><h3>Result files</h3>${table(['File', 'Concurrency / rate', ...keys], rows, 'data', [false, true, true, true, true, true])}</div>`;
}

function attributesText(a: Meta, edited: readonly string[]): string {
  const entries = Object.entries(a);
  if (entries.length === 0) return '—';
  return entries
    .map(
      ([k, v]) =>
        `${esc(k)}=${esc(formatConfigValue(v))}${edited.includes(k) ? ' <span class="tag">edited</span>' : ''}`,
    )
    .join(', ');
}

/** The longest folder prefix (ending in "/" or "\\") shared by every path; "" when there is none. */
export function commonFolder(paths: readonly string[]): string {
  const first = paths[0];
  if (first === undefined) return '';
  let n = first.length;
  for (const p of paths) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i += 1;
    n = i;
  }
  const cut = Math.max(first.lastIndexOf('/', n - 1), first.lastIndexOf('\\', n - 1));
  return cut < 0 ? '' : first.slice(0, cut + 1);
}

function distinctText(values: readonly string[]): string {
  return [...new Set(values)].join(', ') || '—';
}

function provenanceSection(snaps: readonly SnapshotSummary[], src: ReportSources): string {
  const out: string[] = ['<section class="provenance" id="provenance"><h2>Provenance</h2>'];
  out.push(
    '<p class="muted">Where each snapshot was imported from: the files as read (path at import time), their SHA-256 content hash, size, format and importer version, and when they were imported. Re-importing identical content is a no-op, so the hash identifies the data behind every number above.</p>',
  );
  for (const s of snaps) {
    const files = src.sourceFiles(s.id);
    const folder = files.length > 1 ? commonFolder(files.map((f) => f.path)) : '';
    const times = files.map((f) => f.importedAt).sort();
    const imported =
      times.length > 1 && times[0] !== times[times.length - 1]
        ? `${times[0] ?? ''} – ${times[times.length - 1] ?? ''}`
        : (times[0] ?? s.createdAt);
    const facts: [string, string][] = [
      ['Kind', `${esc(s.kind)} (id ${s.id})`],
      ['Model', esc(s.model ?? '—')],
      ['Bundle', esc(s.bundle ?? '—')],
      [files.length > 1 ? 'Folder' : 'Source', `<code>${esc(folder || s.sourcePath)}</code>`],
      [
        'Files',
        `${files.length} · ${esc(distinctText(files.map((f) => f.format)))} · importer ${esc(distinctText(files.map((f) => `v${f.importerVersion}`)))}`,
      ],
      ['Imported', esc(imported)],
      ['Attributes', attributesText(s.attributes, s.editedAttributes)],
    ];
    out.push(`<div class="block"><h3>${esc(s.name)}</h3>`);
    out.push(`<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);
    out.push(
      table(
        ['File', 'Size', 'SHA-256'],
        files.map((f) => [
          `<code>${esc(folder ? f.path.slice(folder.length) : f.path)}</code>`,
          esc(formatBytes(f.size)),
          `<code class="hash">${esc(f.sha256)}</code>`,
        ]),
        'data files',
        [false, true, false],
      ),
    );
    out.push('</div>');
  }
  out.push('</section>');
  return out.join('\n');
}

const EMBEDDABLE = new Set(['image/png', 'image/jpeg']);
/** At most this many published charts per report: each adds its size × 4/3 to the file. */
const MAX_PUBLISHED = 4;

function publishedSection(snaps: readonly SnapshotSummary[], src: ReportSources): string {
  const seen = new Set<string>();
  const figs = snaps
    .flatMap((s) => src.publishedFigures?.(s.id) ?? [])
    .filter((f) => EMBEDDABLE.has(f.mime) && !seen.has(f.name) && seen.add(f.name))
    .slice(0, MAX_PUBLISHED);
  if (figs.length === 0) return '';
  const imgs = figs.map(
    (f) =>
      `<figure class="fig published"><img alt="${esc(f.name)}" src="data:${f.mime};base64,${Buffer.from(f.data).toString('base64')}"><figcaption>Published with the bundle: ${esc(f.name)}</figcaption></figure>`,
  );
  return `<section class="published" id="published"><h2>Published charts</h2><p class="muted">The charts published with the benchmark bundle, embedded as they were imported, to set beside BenchLens's own figures.</p>${imgs.join('\n')}</section>`;
}

const CSS = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1040px;padding:24px 28px 48px;font:14px/1.45 "Helvetica Neue",Helvetica,Arial,"Liberation Sans",sans-serif;color:#1d2329;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #d8dee4}
h3{font-size:15px;margin:18px 0 6px}
h4{font-size:13px;margin:14px 0 4px}
code{font:12px/1.3 "DejaVu Sans Mono",Menlo,Consolas,monospace;word-break:break-all}
.muted{color:#57606a}
.note{color:#3d444d;font-size:13px}
.meta{color:#57606a;font-size:12px;margin:0 0 12px}
.headline{font-size:17px;margin:6px 0;padding:10px 14px;border-left:4px solid #0969da;background:#f3f7fc}
.headline b{font-weight:600}
.headline ul{margin:4px 0 0 18px;padding:0;font-size:14px}
.figures{display:block}
figure.fig{margin:14px 0;break-inside:avoid;page-break-inside:avoid}
figure.fig svg{display:block;width:100%;max-width:960px;height:auto;border:1px solid #e1e4e8}
figure.published img{display:block;max-width:100%;height:auto;border:1px solid #e1e4e8}
figcaption{font-size:12px;color:#57606a;margin-top:4px}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:12.5px}
th,td{padding:3px 6px;border-bottom:1px solid #e1e4e8;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.child td:first-child{padding-left:20px;color:#3d444d}
tr.total td{font-weight:700;border-top:2px solid #8c959f}
tr.manual td:first-child{font-style:italic}
tr.noise td{color:#8c959f}
tr.better td:nth-last-child(3){color:#1a7f37;font-weight:600}
tr.worse td:nth-last-child(3){color:#cf222e;font-weight:600}
.tag{display:inline-block;font-size:10px;font-style:normal;padding:0 4px;border:1px solid #bf8700;color:#7d4e00;border-radius:3px;margin-left:4px}
.src{font-size:11px;padding:0 4px;border-radius:3px;background:#eef1f4}
.src-manual{background:#fff1c2}
.swatch{display:inline-block;width:10px;height:10px;margin-right:6px;border:1px solid rgba(0,0,0,.25);vertical-align:-1px}
.log{font:11px/1.35 "DejaVu Sans Mono",Menlo,Consolas,monospace;color:#3d444d;white-space:pre-wrap;overflow-wrap:anywhere;margin-top:2px}
.log .ln{color:#8c959f}
.sources-table td:nth-child(4){max-width:560px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0 8px;font-size:13px}
dl.facts dt{color:#57606a}
dl.facts dd{margin:0}
.hash{font-size:10.5px}
table.files td{font-size:11.5px}
table.diff td{white-space:nowrap}
table.diff th{overflow-wrap:anywhere}
footer{margin-top:32px;font-size:12px;color:#57606a;border-top:1px solid #d8dee4;padding-top:8px}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{max-width:none;padding:0;font-size:11.5px}
  section + section + section{break-before:page;page-break-before:always}
  table.diff,table.phases{font-size:10.5px}
  h2,h3,h4{break-after:avoid;page-break-after:avoid}
  figure.fig,tr,.headline,dl.facts,.keep{break-inside:avoid;page-break-inside:avoid}
  thead{display:table-header-group}
  figure.fig svg{border:none}
  .headline{background:none}
}
`;

/** The report as one HTML document (UTF-8 text). */
export function buildReport(
  src: ReportSources,
  refs: readonly (number | string)[],
  options: ReportOptions,
): string {
  if (refs.length === 0) throw new CoreError('bad_input', 'a report needs at least one snapshot');
  const snaps = refs.map((r) => src.snapshot(r));
  const seen = new Set<number>();
  for (const s of snaps) {
    if (seen.has(s.id)) throw new CoreError('bad_input', `snapshot "${s.name}" is named twice`);
    seen.add(s.id);
  }
  const startup = startupPart(
    snaps.filter((s) => s.kind === 'startup'),
    src,
    options.ranks,
  );
  const serving = servingPart(
    snaps.filter((s) => s.kind === 'serving'),
    src,
    options.normalise,
  );
  const labels = figureLabels(snaps);
  const title = options.title ?? `BenchLens report: ${labels.join(' vs ')}`;
  // the heading's tooltip names every snapshot in full when the title shortens them
  const fullTitle = `BenchLens report: ${snaps.map((s) => s.name).join(' vs ')}`;
  const generatedAt = options.generatedAt ?? new Date().toISOString();

  const summary: string[] = ['<section id="summary"><h2>Summary</h2>'];
  for (const c of (startup?.pairs ?? []).map((p) => p.comparison)) {
    summary.push(
      `<div class="headline" data-testid="headline"><b>${esc(c.candidate.name)} vs ${esc(c.baseline.name)}:</b> ${esc(startupHeadline(c))}<ul><li>${esc(savingBreakdown(c))}</li><li>${esc(formatSeconds(Math.abs(c.savedS)))} ${c.savedS >= 0 ? 'saved' : 'lost'} per cold start (${esc(c.ranks)} rank).</li></ul></div>`,
    );
  }
  if (startup && startup.pairs.length === 0 && startup.details[0]) {
    const d = startup.details[0];
    summary.push(
      `<div class="headline" data-testid="headline"><b>${esc(d.name)}:</b> replica cold start ${esc(formatSeconds(d.totalS))}, ${d.phases.length} phases (${d.phases.filter((p) => p.source === 'manual').length} manual).</div>`,
    );
  }
  for (const c of serving?.comparisons ?? []) {
    const lines = servingHeadline(c);
    const main = c.rows.filter((r) => (MAIN_METRICS as readonly string[]).includes(r.metric));
    const base = serving?.snaps.find((s) => s.summary.id === c.baseline.id);
    const cand = serving?.snaps.find((s) => s.summary.id === c.candidate.id);
    let pareto = '';
    if (base && cand && [base, cand].every((s) => divisorFor(s.summary.attributes, 'gpu') != null)) {
      const a = matchedAdvantage(
        paretoPoints({ ...base.summary, points: base.points }, 'interactivity').frontier,
        paretoPoints({ ...cand.summary, points: cand.points }, 'interactivity').frontier,
      );
      if (a)
        pareto = `<li>throughput per GPU at matched interactivity: ${esc(range([a.min, a.max], formatSpeedup))} (median ${esc(formatSpeedup(a.median))})</li>`;
    }
    summary.push(
      `<div class="headline" data-testid="headline"><b>${esc(c.candidate.label)} vs ${esc(c.baseline.label)}:</b> main metrics ${esc(countPhrase(main))}<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}${pareto}${[...new Set(main.flatMap((r) => (r.warning ? [r.warning] : [])))].map((w) => `<li class="muted">${esc(w)}</li>`).join('')}</ul></div>`,
    );
  }
  if (serving && serving.comparisons.length === 0 && serving.snaps[0]) {
    const s = serving.snaps[0];
    summary.push(
      `<div class="headline" data-testid="headline"><b>${esc(s.label)}:</b> ${s.points.length} result files${typeof s.summary.meta['peakOutputTokS'] === 'number' ? `, peak output ${esc(formatMetric(s.summary.meta['peakOutputTokS']))} tok/s` : ''}.</div>`,
    );
  }
  summary.push(
    `<p class="muted">Snapshots: ${snaps.map((s) => `<b>${esc(s.name)}</b> (${esc(s.kind)})`).join(', ')}.${startup && startup.pairs.length > 0 ? ' Start-up baseline: the first snapshot of each model (or the first, when no model has two).' : ''}${serving && serving.comparisons.length > 0 ? ' Serving baseline: the first serving snapshot.' : ''}</p></section>`,
  );

  const data = {
    generator: `BenchLens ${BENCHLENS_VERSION}`,
    generatedAt,
    snapshots: snaps.map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
    startup: (startup?.pairs ?? []).map((p) => p.comparison),
    serving: (serving?.comparisons ?? []).map((c) => ({
      ...c,
      rows: c.rows.filter((r) => (MAIN_METRICS as readonly string[]).includes(r.metric)),
    })),
  };
  // A JSON data block is not executed (and the CSP allows no script); "<" is escaped so no text closes it.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');

  const body = [
    `<header><h1${fullTitle !== title ? ` title="${esc(fullTitle)}"` : ''}>${esc(title)}</h1><p class="meta">Generated ${esc(generatedAt)} by BenchLens ${esc(BENCHLENS_VERSION)}${startup ? ` · start-up ranks: ${esc(options.ranks)}` : ''}${serving ? ` · serving normalisation: ${esc(options.normalise)}` : ''} · self-contained: opens offline, no network requests.</p></header>`,
    summary.join('\n'),
    startup ? startupSection(startup, src, options.ranks) : '',
    serving ? servingSection(serving, options.normalise) : '',
    options.published ? publishedSection(snaps, src) : '',
    provenanceSection(snaps, src),
    `<footer>BenchLens ${esc(BENCHLENS_VERSION)} · ${esc(generatedAt)} · the comparison data is embedded below as JSON (<code>#benchlens-data</code>).</footer>`,
    `<script type="application/json" id="benchlens-data">${json}</script>`,
  ].join('\n');
  // the one stylesheet is allowed by its hash: no 'unsafe-inline', no style attributes
  const css = reportCss(body);
  const cssHash = createHash('sha256').update(css, 'utf8').digest('base64');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${cssHash}'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="BenchLens ${esc(BENCHLENS_VERSION)}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A file name for the report: the snapshots' labels joined, safe on every OS. */
export function reportFileName(snaps: readonly { name: string; attributes: Meta }[]): string {
  const clean = (s: string) =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'snapshot';
  // whole names (or the label attribute): a file name has to make sense on its own
  const labels = snaps.map((s) => clean(displayLabel(s.attributes, s.name)));
  const stem = labels.length > 3 ? `${labels[0] ?? ''}-and-${labels.length - 1}-more` : labels.join('-vs-');
  return `${stem || 'benchlens'}-report.html`;
}
