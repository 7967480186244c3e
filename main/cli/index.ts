// `benchlens` command line: import, list, show, compare, annotate, serve — thin wrappers over the
// core service with the same validation as every other front door. Errors go to stderr, exit ≠ 0.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Method, Output } from '../../shared/contract';
import { mergeReport } from '../../shared/import-report';
import { emptyReport } from '../../shared/model';
import { callMethod, CoreError } from '../core/call';
import { resolveDbPath } from '../core/paths';
import { createCoreService } from '../core/service';
import type { CoreService } from '../core/types';
import { FIGURE_USAGE, runExportFigure } from './export-figure';
import { ExportUsageError, runTableExport } from './export-table';
import { formatCompare, formatList, formatServing, formatShow } from './format';
import { REPORT_USAGE, runReport } from './report';

const USAGE = `Usage: benchlens <command> [options]

Commands:
  import <path|github:OWNER/REPO[@REF]>…
                                  import files, folders, .zip / .tar.gz bundles (searched recursively)
                                  or a GitHub repository's archive (downloaded over HTTPS)
  watch <dir>…                    import new or changed files as they land (Ctrl+C to stop)
  list [--query TEXT] [--kind startup|serving] [--limit N] [--offset N]
                                  list snapshots (all, or the page that matches; --json: an array)
  show <snapshot>                 one snapshot's phases and metadata
  compare <baseline> <candidate>  start-up: speedup overall and per phase; serving: every metric at every
                                  shared point with ratio, Mann–Whitney p and verdict; both: what changed
  annotate <snapshot> --phase ID=SECONDS [--phase …] [--note TEXT] [--remove ID]
                                  add or override phase values by hand (kept beside the measured ones)
  attr <snapshot> KEY=VALUE…      edit a snapshot's attributes (replicas=4, gpus=8, label=…; KEY= removes)
${FIGURE_USAGE}
  serve [--port N]                serve the app to a local browser (127.0.0.1, per-launch token)
  export <snapshot>… --table phases|diff --format csv|md|json [-o FILE]
                                  a phase table (one or more snapshots) or the diff of two, as CSV,
                                  Markdown or JSON (to stdout without -o)
  export <snapshot>… --format trace [-o FILE.json]
                                  Chrome trace of start-up snapshots (Perfetto UI, chrome://tracing)
${REPORT_USAGE}

Options:
  --db FILE            database file (default: $BENCHLENS_DB, else the desktop app's database)
  --json               machine-readable output
  --ranks MODE         slowest (default) | first | median: how tensor-parallel ranks are aggregated
  --metric KEY         compare (serving): a result-file key, e.g. output_throughput (repeatable)
  --x AXIS             compare (serving): concurrency | rate (default: whichever varies)
  --normalise BY       compare (serving): none (default) | replica | gpu (throughputs only)
  -h, --help           this help

A snapshot is named by its id or its unique name (default: the file name without extension).`;

class UsageError extends Error {}

async function call<M extends Method>(svc: CoreService, m: M, input: unknown): Promise<Output<M>> {
  return (await callMethod(svc, m, input)) as Output<M>;
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      ranks: { type: 'string', default: 'slowest' },
      phase: { type: 'string', multiple: true },
      remove: { type: 'string', multiple: true },
      note: { type: 'string', default: '' },
      port: { type: 'string' },
      // list: one page of the library (every term of --query must match)
      query: { type: 'string' },
      kind: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      // export: tables and traces (export-table.ts)
      table: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      metric: { type: 'string', multiple: true },
      x: { type: 'string' },
      normalise: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      // export: figures (export-figure.ts)
      figure: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      dpi: { type: 'string' },
      theme: { type: 'string' },
      title: { type: 'string' },
      baseline: { type: 'string', multiple: true },
      // report (report.ts)
      published: { type: 'boolean', default: false },
    },
  });
  const [cmd, ...args] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(`${USAGE}\n`);
    return cmd || values.help ? 0 : 2;
  }
  const commands = [
    'import',
    'list',
    'show',
    'compare',
    'annotate',
    'attr',
    'watch',
    'serve',
    'export',
    'report',
  ];
  if (!commands.includes(cmd)) throw new UsageError(`unknown command "${cmd}"`);
  const json = values.json ?? false;
  const dbPath = resolveDbPath(values.db);
  const svc = createCoreService({ dbPath });
  try {
    switch (cmd) {
      case 'import': {
        if (args.length === 0) throw new UsageError('import needs at least one file or folder');
        const showProgress = !json && process.stderr.isTTY;
        const off = svc.onEvent((event, payload) => {
          if (showProgress && event === 'importProgress') {
            const p = payload as Output<'importPaths'> extends unknown
              ? { filesDone: number; filesTotal: number }
              : never;
            process.stderr.write(`\r${p.filesDone}/${p.filesTotal} files`);
          }
        });
        const report = emptyReport();
        const paths = args.filter((a) => !a.startsWith('github:'));
        const merge = (r: Output<'importPaths'>) => mergeReport(report, r);
        for (const a of args.filter((x) => x.startsWith('github:'))) {
          const m = /^github:([\w.-]+\/[\w.-]+)(?:@(.+))?$/.exec(a);
          if (!m) throw new UsageError(`expected github:OWNER/REPO[@REF], got "${a}"`);
          try {
            merge(await call(svc, 'importGithub', { repo: m[1], ref: m[2] ?? 'main' }));
          } catch (e) {
            report.errors.push({ file: a, line: null, message: e instanceof Error ? e.message : String(e) });
          }
        }
        if (paths.length > 0) merge(await call(svc, 'importPaths', { paths }));
        off();
        if (showProgress) process.stderr.write('\r');
        if (json) print(true, report, '');
        else printReport(report);
        return report.errors.length > 0 ? 1 : 0;
      }
      case 'watch': {
        if (args.length === 0) throw new UsageError('watch needs at least one folder');
        svc.onEvent((event, payload) => {
          if (event !== 'watchReport') return;
          const p = payload as { folder: string; report: Output<'importPaths'> };
          if (json) process.stdout.write(`${JSON.stringify(p)}\n`);
          else printReport(p.report);
        });
        for (const dir of args) await call(svc, 'watchFolder', { path: dir });
        process.stderr.write(`watching ${args.join(', ')} (Ctrl+C to stop)\n`);
        await untilSignal();
        return 0;
      }
      case 'attr': {
        if (args.length < 2) throw new UsageError('attr needs a snapshot and KEY=VALUE pairs');
        const attributes: Record<string, string | number | boolean | null> = {};
        for (const kv of args.slice(1)) {
          const m = /^([A-Za-z][\w.-]*)=(.*)$/.exec(kv);
          if (!m) throw new UsageError(`expected KEY=VALUE, got "${kv}"`);
          attributes[m[1] as string] = parseValue(m[2] ?? '');
        }
        const sm = await call(svc, 'setAttributes', { snapshot: ref(args[0]), attributes });
        const text = Object.entries(sm.attributes)
          .map(([k, v]) => `${k}: ${String(v)}${sm.editedAttributes.includes(k) ? '  (edited)' : ''}`)
          .join('\n');
        print(json, sm, text);
        return 0;
      }
      case 'list': {
        const list = await call(svc, 'listSnapshots', {
          ...(values.query !== undefined ? { query: values.query } : {}),
          ...(values.kind !== undefined ? { kind: values.kind } : {}),
          ...(values.limit !== undefined ? { limit: count('--limit', values.limit, 1) } : {}),
          ...(values.offset !== undefined ? { offset: count('--offset', values.offset, 0) } : {}),
        });
        print(json, list, formatList(list));
        return 0;
      }
      case 'show': {
        if (args.length !== 1) throw new UsageError('show needs one snapshot (id or name)');
        const d = await call(svc, 'getSnapshot', { snapshot: ref(args[0]), ranks: values.ranks });
        if (d.kind === 'serving') {
          const sp = await call(svc, 'servingPoints', { snapshot: d.id });
          print(json, { ...d, points: sp.points }, formatServing(d, sp.points));
        } else print(json, d, formatShow(d));
        return 0;
      }
      case 'compare': {
        if (args.length !== 2) throw new UsageError('compare needs a baseline and a candidate');
        const c = await call(svc, 'compare', {
          baseline: ref(args[0]),
          candidate: ref(args[1]),
          ranks: values.ranks,
          ...(values.metric ? { metrics: values.metric } : {}),
          ...(values.x !== undefined ? { x: values.x } : {}),
          ...(values.normalise !== undefined ? { normalise: values.normalise } : {}),
        });
        print(json, c, formatCompare(c));
        return 0;
      }
      case 'annotate': {
        if (args.length !== 1) throw new UsageError('annotate needs one snapshot (id or name)');
        const sets = (values.phase ?? []).map(parsePhaseValue);
        const removes = values.remove ?? [];
        if (sets.length === 0 && removes.length === 0)
          throw new UsageError('annotate needs --phase ID=SECONDS or --remove ID');
        let d: Output<'annotate'> | null = null;
        for (const [phase, valueS] of sets) {
          d = await call(svc, 'annotate', { snapshot: ref(args[0]), phase, valueS, note: values.note ?? '' });
        }
        for (const phase of removes)
          d = await call(svc, 'annotate', { snapshot: ref(args[0]), phase, valueS: null });
        if (d) print(json, d, formatShow(d));
        return 0;
      }
      case 'serve':
        return await serve(svc, values.port);
      case 'export': {
        if (values.figure !== undefined) {
          if ((values.metric?.length ?? 0) > 1) throw new UsageError('--figure takes one --metric');
          const figureValues = { ...values, metric: values.metric?.[0] };
          return await runExportFigure(svc, args.map(ref), figureValues, json, (m) => new UsageError(m));
        }
        // Tables (--table) and traces (--format trace): export-table.ts.
        try {
          await runTableExport(svc, args, {
            table: values.table,
            format: values.format,
            output: values.output,
            ranks: values.ranks,
            metrics: values.metric,
            x: values.x,
            normalise: values.normalise,
          });
        } catch (e) {
          if (e instanceof ExportUsageError) throw new UsageError(e.message);
          throw e;
        }
        return 0;
      }
      case 'report':
        return await runReport(
          svc,
          args.map(ref),
          {
            output: values.output,
            ranks: values.ranks,
            normalise: values.normalise,
            title: values.title,
            published: values.published,
          },
          json,
          (m) => new UsageError(m),
        );
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } finally {
    if (cmd !== 'serve') svc.close();
  }
}

function untilSignal(): Promise<void> {
  return new Promise<void>((res) => {
    process.once('SIGINT', () => res());
    process.once('SIGTERM', () => res());
  });
}

/** File names and messages as printable text: control characters (an escape sequence in a file name) shown escaped. */
function safe(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function printReport(report: Output<'importPaths'>): void {
  for (const i of report.imported)
    process.stdout.write(
      `imported   ${safe(i.file)} → ${safe(i.name)} (${i.kind}, id ${i.snapshotId})${i.status ? ` [${i.status}: ${safe(i.note ?? '')}]` : ''}\n`,
    );
  for (const a of report.attached ?? [])
    process.stdout.write(`figure     ${safe(a.file)} → bundle ${safe(a.bundle ?? '–')}\n`);
  for (const u of report.unchanged) process.stdout.write(`unchanged  ${safe(u.file)}\n`);
  for (const s of report.skipped) process.stdout.write(`skipped    ${safe(s.file)}: ${safe(s.reason)}\n`);
  for (const e of report.errors)
    process.stderr.write(`error      ${safe(e.file)}${e.line ? `:${e.line}` : ''}: ${safe(e.message)}\n`);
}

function parseValue(v: string): string | number | boolean | null {
  if (v === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** A whole number ≥ `min` from a flag, or a usage error naming the flag. */
function count(flag: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`${flag} expects a whole number ≥ ${min}, got "${v}"`);
  return Number(v);
}

function ref(s: string | undefined): number | string {
  if (s === undefined) throw new UsageError('missing snapshot');
  // resolved by the store as the HTTP API does: a name first, `#12` / `id:12` for an id
  return s;
}

function parsePhaseValue(s: string): [string, number] {
  const m = /^([a-z][a-z0-9_]*)=([0-9]+(?:\.[0-9]+)?)$/.exec(s);
  if (!m) throw new UsageError(`--phase expects ID=SECONDS (e.g. fixed_init=39.4), got "${s}"`);
  return [m[1] as string, Number(m[2])];
}

/** In a checkout right after `npm install` the UI is not built yet: build it once, here. */
function buildUi(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(cli) || !existsSync(join(root, 'electron.config.ts'))) return;
  process.stderr.write('benchlens: building the UI first (out/renderer, once after install)…\n');
  const r = spawnSync(process.execPath, [cli, 'build', '-c', 'electron.config.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.stderr.write(`benchlens: the UI build failed (exit ${r.status ?? r.signal})\n`);
}

async function serve(svc: CoreService, portFlag: string | undefined): Promise<number> {
  const port = portFlag === undefined ? 0 : Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port expects 0-65535, got "${portFlag}"`);
  const staticDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) buildUi();
  if (!existsSync(`${staticDir}index.html`)) {
    process.stderr.write(
      'benchlens: the UI is not built (out/renderer) and could not be built here. Run `npm run build`, then ' +
        '`benchlens serve` again; the API is served meanwhile.\n',
    );
  }
  const { startHttpServer } = await import('../server/http');
  // a busy port: close the store (and its import worker) so the process exits with the error
  const server = await startHttpServer({ service: svc, staticDir, port }).catch((e: unknown) => {
    svc.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`port ${port} is already in use on 127.0.0.1: choose another with --port`);
    throw e;
  });
  process.stdout.write(`BenchLens is serving ${svc.dbPath}\nOpen ${server.url}\n(Ctrl+C to stop)\n`);
  await untilSignal();
  await server.close();
  svc.close();
  return 0;
}

// `benchlens list | head` closes the pipe early: that is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`benchlens: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (
      e instanceof CoreError ||
      (e instanceof Error && (e.name === 'MigrationError' || 'code' in e))
    ) {
      process.stderr.write(`benchlens: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`benchlens: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
