// `benchlens export <snapshot>… --table phases|diff --format csv|md|json` and `--format trace`: table and
// Chrome-trace exports written from the shared row model (shared/tables.ts) and shared/trace.ts, to a file
// with -o or to stdout. Every refusal names the flag or snapshot that is wrong.
import { writeFileSync } from 'node:fs';
import type { Method, Output } from '../../shared/contract';
import type { SnapshotDetail } from '../../shared/model';
import {
  comparisonTable,
  phasesTable,
  toCsv,
  toJson,
  toMarkdown,
  type TableModel,
} from '../../shared/tables';
import { servingCompareTable } from '../../shared/serving-compare-table';
import { startupTrace } from '../../shared/trace';
import { callMethod } from '../core/call';
import type { CoreService } from '../core/types';

/** A wrong flag or argument: the CLI prints it with the usage text and exits 2. */
export class ExportUsageError extends Error {}

export const TABLE_KINDS = ['phases', 'diff'] as const;
export const TABLE_FORMATS = ['csv', 'md', 'json'] as const;

export interface TableExportOptions {
  table: string | undefined;
  format: string | undefined;
  output: string | undefined;
  ranks: string | undefined;
  /** Serving diff only: metric keys, x (concurrency|rate) and normalisation, as for `compare`. */
  metrics?: string[] | undefined;
  x?: string | undefined;
  normalise?: string | undefined;
}

export interface ExportResult {
  text: string;
  /** The file written, or null when the text went to stdout. */
  path: string | null;
}

async function call<M extends Method>(svc: CoreService, m: M, input: unknown): Promise<Output<M>> {
  return (await callMethod(svc, m, input)) as Output<M>;
}

const ref = (s: string): number | string => (/^\d+$/.test(s) ? Number(s) : s);

async function startupDetail(
  svc: CoreService,
  name: string,
  ranks: string | undefined,
): Promise<SnapshotDetail> {
  const d = await call(svc, 'getSnapshot', { snapshot: ref(name), ranks: ranks ?? 'slowest' });
  if (d.kind !== 'startup')
    throw new ExportUsageError(
      `snapshot "${name}" is a serving snapshot; --table phases|diff and --format trace take start-up snapshots`,
    );
  return d;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ExportUsageError(`${flag} expects ${allowed.join('|')}, got "${value}"`);
  return value as T;
}

/** Builds the export text; no I/O besides the service. */
export async function buildExport(
  svc: CoreService,
  snapshots: readonly string[],
  opts: Omit<TableExportOptions, 'output'>,
): Promise<string> {
  if (snapshots.length === 0) throw new ExportUsageError('export needs at least one snapshot (id or name)');
  if (opts.format === 'trace') {
    if (opts.table !== undefined)
      throw new ExportUsageError('--format trace exports the phases as a trace: leave out --table');
    const details: SnapshotDetail[] = [];
    for (const s of snapshots) details.push(await startupDetail(svc, s, opts.ranks));
    return `${JSON.stringify(startupTrace(details, { generator: 'BenchLens', ranks: details[0]?.ranks ?? 'slowest' }))}\n`;
  }
  if (opts.table === undefined)
    throw new ExportUsageError('export needs --table phases|diff, --format trace or --figure KIND');
  const kind = oneOf('--table', opts.table, TABLE_KINDS);
  if (opts.format === undefined) throw new ExportUsageError(`--table ${kind} needs --format csv|md|json`);
  const format = oneOf('--format', opts.format, [...TABLE_FORMATS, 'trace'] as const);

  if (kind === 'diff') {
    if (snapshots.length !== 2)
      throw new ExportUsageError(
        `--table diff compares two snapshots (baseline, candidate); got ${snapshots.length}`,
      );
    const [b, c] = snapshots as [string, string];
    const first = await call(svc, 'getSnapshot', { snapshot: ref(b) });
    if (first.kind === 'serving') {
      const cmp = await call(svc, 'compare', {
        baseline: ref(b),
        candidate: ref(c),
        ...(opts.metrics ? { metrics: opts.metrics } : {}),
        ...(opts.x !== undefined ? { x: opts.x } : {}),
        ...(opts.normalise !== undefined ? { normalise: opts.normalise } : {}),
      });
      if (cmp.kind !== 'serving') throw new ExportUsageError(`"${c}" is not a serving snapshot`);
      if (format === 'json') return toJson(cmp);
      return serialise(servingCompareTable(cmp), format);
    }
    const baseline = await startupDetail(svc, b, opts.ranks);
    const candidate = await startupDetail(svc, c, opts.ranks);
    const cmp = await call(svc, 'compare', {
      baseline: baseline.id,
      candidate: candidate.id,
      ranks: opts.ranks ?? 'slowest',
    });
    if (cmp.kind !== 'startup') throw new ExportUsageError(`"${c}" is not a start-up snapshot`);
    if (format === 'json') return toJson(cmp);
    return serialise(comparisonTable(cmp, { baseline, candidate }), format);
  }
  const details: SnapshotDetail[] = [];
  for (const s of snapshots) details.push(await startupDetail(svc, s, opts.ranks));
  if (format === 'json') return toJson(details.length === 1 ? details[0] : details);
  return serialise(phasesTable(details), format);
}

function serialise(model: TableModel, format: 'csv' | 'md' | 'trace'): string {
  if (format === 'csv') return toCsv(model);
  if (format === 'md') return toMarkdown(model);
  throw new ExportUsageError('--format trace exports the phases as a trace: leave out --table');
}

/** Runs the export and writes the file (or stdout when `output` is undefined or "-"). */
export async function runTableExport(
  svc: CoreService,
  snapshots: readonly string[],
  opts: TableExportOptions,
): Promise<ExportResult> {
  const text = await buildExport(svc, snapshots, opts);
  if (opts.output === undefined || opts.output === '-') {
    process.stdout.write(text);
    return { text, path: null };
  }
  try {
    writeFileSync(opts.output, text);
  } catch (e) {
    throw new Error(`cannot write ${opts.output}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  process.stderr.write(`wrote ${opts.output} (${Buffer.byteLength(text)} bytes)\n`);
  return { text, path: opts.output };
}
