// `benchlens` command line: import, list, show, compare, annotate, serve — thin wrappers over the
// core service with the same validation as every other front door. Errors go to stderr, exit ≠ 0.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Method, Output } from '../../shared/contract';
import { mergeReport } from '../../shared/import-report';
import { emptyReport } from '../../shared/model';
import {
  PUBLISHED_ASSUMPTIONS,
  PUBLISHED_SCENARIO,
  publishedValues,
} from '../../shared/published-assumptions';
import { ANNOTATABLE_PHASES, isAnnotatablePhase } from '../../shared/phases';
import { publishedGap } from '../../shared/published-gap';
import { callMethod, CoreError } from '../core/call';
import { resolveDbPath } from '../core/paths';
import { createCoreService } from '../core/service';
import { resolveRuntimePaths } from '../core/runtime-paths';
import { cliArgv } from './cli-mode';
import type { CoreService } from '../core/types';
import { FIGURE_USAGE, runExportFigure } from './export-figure';
import { ExportUsageError, runTableExport } from './export-table';
import { formatCompare, formatList, formatServing, formatShow } from './format';
import { runModel, runRestore } from './model';
import { REPORT_USAGE, runReport } from './report';
import {
  checkEnums,
  closest,
  commandHelp,
  COMMANDS,
  isCommand,
  parseArgsOrSuggest,
  UsageError,
} from './manners';

const USAGE = `Usage: benchlens <command> [options]

Commands:
  import <path|github:OWNER/REPO[@REF]>…
                                  import files, folders, .zip / .tar.gz bundles (searched recursively)
                                  or a GitHub repository's archive (downloaded over HTTPS)
  watch <dir>…                    import new or changed files as they land (Ctrl+C to stop)
  list [--query TEXT] [--kind startup|serving] [--model NAME] [--limit N] [--offset N] [--wide]
                                  list snapshots (all, or the page that matches; --json: an array; fits
                                  100 columns, --wide for full names; --model: one model under any of its
                                  names, e.g. Qwen/Qwen3-235B-A22B)
  show <snapshot>                 one snapshot's phases and metadata
  compare <baseline> <candidate>  start-up: speedup overall and per phase; serving: every metric at every
                                  shared point with ratio, Mann–Whitney p and verdict; both: what changed
  annotate <snapshot> --phase ID=SECONDS [--phase …] [--note TEXT] [--scenario NAME] [--remove ID]
                                  add or override phase values by hand (kept beside the measured ones);
                                  ID is a catalogue phase (benchlens annotate --help lists them)
  scenario <snapshot> [on|off|rm NAME | published]
                                  list a snapshot's manual scenarios, or apply, switch off or remove one
                                  as a whole ("" names the unnamed one); published: apply the constants
                                  the model's published chart assumed, as "published chart assumptions"
  rename <snapshot> <new-name>    give a snapshot a new unique name
  rm <snapshot>…                  delete snapshots (each prints a token: benchlens restore TOKEN undoes it)
  restore [TOKEN]…                undo a delete exactly (no token: list what can be restored)
  model [list|merge A B|split NAME|reset NAME]
                                  model identities: merge two, split a name off, reset a name
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
  --db FILE            database file (default: $BENCHLENS_DB, else the desktop app's database);
                       a FILE that does not exist is refused unless --create is given
  --create             with --db: create the database file when it does not exist
  --verbose            import: one line per file (default: a one-line summary, plus any problem)
  --version            the BenchLens version
  --json               machine-readable output
  --ranks MODE         slowest (default) | first | median: how tensor-parallel ranks are aggregated
  --metric KEY         compare (serving): a result-file key, e.g. output_throughput (repeatable)
  --x AXIS             compare (serving): concurrency | rate (default: whichever varies)
  --normalise BY       compare (serving): none (default) | replica | gpu (throughputs only)
  -h, --help           this help; benchlens <command> --help for one command

A snapshot is named by its id or its unique name (default: the file name without extension).`;

/** The command being run, for the "--help" hint after a usage error. */
let currentCommand: string | null = null;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Commands that only read: they open the database with SQLITE_OPEN_READONLY. */
const READING_COMMANDS = new Set(['list', 'show', 'compare', 'export', 'report']);

async function call<M extends Method>(svc: CoreService, m: M, input: unknown): Promise<Output<M>> {
  return (await callMethod(svc, m, input)) as Output<M>;
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgsOrSuggest({
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
      version: { type: 'boolean', short: 'V', default: false },
      create: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
      wide: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      model: { type: 'string' },
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
  if (values.version) {
    process.stdout.write(`benchlens ${version()}\n`);
    return 0;
  }
  if (cmd === 'help') {
    process.stdout.write(`${args[0] && isCommand(args[0]) ? commandHelp(args[0]) : USAGE}\n`);
    return 0;
  }
  if (cmd && !isCommand(cmd)) {
    const near = closest(cmd, COMMANDS);
    throw new UsageError(`unknown command "${cmd}"${near ? `; did you mean "${near}"?` : ''}`);
  }
  if (values.help || !cmd) {
    process.stdout.write(`${cmd ? commandHelp(cmd) : USAGE}\n`);
    return cmd || values.help ? 0 : 2;
  }
  currentCommand = cmd;
  // Enumerations are checked before the database is opened: a refused value changes nothing.
  checkEnums(cmd, values);
  const json = values.json ?? false;
  // Commands that write (or serve the app, where the user imports) may create the file; a reading
  // command on a mistyped path must not.
  const creates = values.create || cmd === 'import' || cmd === 'watch' || cmd === 'serve';
  if (values.db && !creates && !existsSync(values.db))
    throw new CoreError(
      'not_found',
      `no database at ${values.db}; check the path, or add --create to make a new database there`,
    );
  if (values.db && creates) mkdirSync(dirname(resolvePath(values.db)), { recursive: true });
  const dbPath = resolveDbPath(values.db);
  // `import` runs in this process (no worker to start and load the code again), its small files
  // batched into shared transactions: nothing else uses the service meanwhile; reading commands open an
  // existing database read-only (no WAL switch, no migration, no write).
  // BENCHLENS_SQLITE_BINDING: the installed app's `--cli` runs this under Electron's ABI (runtime-paths.ts)
  const native = resolveRuntimePaths({ kind: 'node' });
  const svc = createCoreService(
    cmd === 'import'
      ? { dbPath, ...native, importInWorker: false, batchInProcessImports: true }
      : { dbPath, ...native, readonly: READING_COMMANDS.has(cmd) && existsSync(dbPath) },
  );
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
        else printReport(report, { verbose: values.verbose ?? false, summary: true });
        return report.errors.length > 0 ? 1 : 0;
      }
      case 'watch': {
        if (args.length === 0) throw new UsageError('watch needs at least one folder');
        svc.onEvent((event, payload) => {
          if (event !== 'watchReport') return;
          const p = payload as { folder: string; report: Output<'importPaths'> };
          if (json) process.stdout.write(`${JSON.stringify(p)}\n`);
          else printReport(p.report, { verbose: true, summary: false });
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
          // one model under any of its names (shared/model-identity.ts), filtered in SQL
          ...(values.model !== undefined ? { model: values.model } : {}),
          ...(values.limit !== undefined ? { limit: count('--limit', values.limit, 1) } : {}),
          ...(values.offset !== undefined ? { offset: count('--offset', values.offset, 0) } : {}),
        });
        print(json, list, formatList(list, values.wide ? Infinity : 100));
        return 0;
      }
      case 'show': {
        if (args.length !== 1) throw new UsageError('show needs one snapshot (id or name)');
        const d = await call(svc, 'getSnapshot', { snapshot: ref(args[0]), ranks: values.ranks });
        if (d.kind === 'serving') {
          const sp = await call(svc, 'servingPoints', { snapshot: d.id });
          print(json, { ...d, points: sp.points }, formatServing(d, sp.points));
        } else {
          const gap = publishedGap(d);
          print(json, gap ? { ...d, publishedGap: gap } : d, formatShow(d));
        }
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
          d = await call(svc, 'annotate', {
            snapshot: ref(args[0]),
            phase,
            valueS,
            note: values.note ?? '',
            scenario: values.scenario ?? '',
          });
        }
        for (const phase of removes)
          d = await call(svc, 'annotate', { snapshot: ref(args[0]), phase, valueS: null });
        if (d) print(json, d, formatShow(d));
        return 0;
      }
      case 'scenario': {
        if (args.length < 1 || args.length > 3)
          throw new UsageError('scenario needs a snapshot, then optionally on|off|rm and a scenario name');
        const [snap, action, name] = args;
        if (action === undefined) {
          const d = await call(svc, 'getSnapshot', { snapshot: ref(snap) });
          const list = d.scenarios ?? [];
          print(
            json,
            list,
            list.length === 0
              ? `"${d.name}" has no manual values`
              : list
                  .map(
                    (x) =>
                      `${x.scenario === '' ? '(unnamed)' : x.scenario}: ${x.enabled ? 'applied' : 'off'} (${x.phases.join(', ')})`,
                  )
                  .join('\n'),
          );
          return 0;
        }
        if (action === 'published') {
          // the published chart's constants, applied as one named scenario (shared/published-assumptions.ts)
          if (name !== undefined) throw new UsageError('scenario published takes no name');
          const d0 = await call(svc, 'getSnapshot', { snapshot: ref(snap) });
          const pub = publishedValues(d0);
          if (!pub)
            throw new CoreError(
              'not_found',
              `no published chart constants are known for the model of "${d0.name}" (${d0.model ?? 'unknown'}); known: ${Object.keys(PUBLISHED_ASSUMPTIONS).join(', ')}`,
            );
          let d = d0;
          for (const v of pub.values)
            d = await call(svc, 'annotate', {
              snapshot: d0.id,
              phase: v.phase,
              valueS: v.valueS,
              note: v.note,
              scenario: PUBLISHED_SCENARIO,
            });
          print(json, d, `${formatShow(d)}\nsource: ${pub.assumptions.source}`);
          return 0;
        }
        const actions = { on: 'enable', off: 'disable', rm: 'remove' } as const;
        if (!(action in actions)) throw new UsageError(`scenario expects on, off or rm, got "${action}"`);
        if (name === undefined)
          throw new UsageError(`scenario ${action} needs a scenario name ("" for the unnamed one)`);
        const d = await call(svc, 'setScenario', {
          snapshot: ref(snap),
          scenario: name,
          action: actions[action as keyof typeof actions],
        });
        print(json, d, formatShow(d));
        return 0;
      }
      case 'rename': {
        if (args.length !== 2) throw new UsageError('rename needs a snapshot and its new name');
        const before = await call(svc, 'getSnapshot', { snapshot: ref(args[0]) });
        const sm = await call(svc, 'renameSnapshot', { snapshot: before.id, name: args[1] });
        print(json, sm, `renamed "${before.name}" → "${sm.name}" (id ${sm.id})`);
        return 0;
      }
      case 'rm': {
        if (args.length === 0) throw new UsageError('rm needs at least one snapshot (id or name)');
        // Resolve every name first: one unknown name deletes nothing.
        const found: { id: number; name: string }[] = [];
        for (const a of args) {
          const d = await call(svc, 'getSnapshot', { snapshot: ref(a) });
          if (!found.some((f) => f.id === d.id)) found.push({ id: d.id, name: d.name });
        }
        const deleted: { id: number; name: string; restoreToken?: string }[] = [];
        for (const f of found) {
          const r = await call(svc, 'deleteSnapshot', { snapshot: f.id });
          deleted.push({ ...f, ...(r.restoreToken ? { restoreToken: r.restoreToken } : {}) });
        }
        print(
          json,
          { deleted },
          deleted
            .map(
              (f) =>
                `deleted ${f.name} (id ${f.id})${f.restoreToken ? `; undo: benchlens restore ${f.restoreToken}` : ''}`,
            )
            .join('\n'),
        );
        return 0;
      }
      case 'restore':
        return await runRestore(svc, args, json, (m) => new UsageError(m));
      case 'model':
        return await runModel(svc, args, json, (m) => new UsageError(m));
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

function printReport(report: Output<'importPaths'>, opts: { verbose: boolean; summary: boolean }): void {
  for (const i of report.imported)
    // a partial or failed start-up, or a file a size bound cut, is worth a line even without --verbose
    if (opts.verbose || i.status || i.limits) {
      process.stdout.write(
        `imported   ${safe(i.file)} → ${safe(i.name)} (${i.kind}, id ${i.snapshotId})${i.status ? ` [${i.status}: ${safe(i.note ?? '')}]` : ''}\n`,
      );
      for (const l of i.limits ?? []) process.stdout.write(`  cut      ${safe(l)}\n`);
    }
  if (opts.verbose) {
    for (const a of report.attached ?? [])
      process.stdout.write(`figure     ${safe(a.file)} → bundle ${safe(a.bundle ?? '–')}\n`);
    for (const u of report.unchanged) process.stdout.write(`unchanged  ${safe(u.file)}\n`);
  }
  // Problems are always listed: a skipped file or an error is something the user must see.
  for (const s of report.skipped) process.stdout.write(`skipped    ${safe(s.file)}: ${safe(s.reason)}\n`);
  for (const e of report.errors)
    process.stderr.write(`error      ${safe(e.file)}${e.line ? `:${e.line}` : ''}: ${safe(e.message)}\n`);
  if (opts.summary) process.stdout.write(`${importSummary(report)}\n`);
}

/** One line: what an import did, e.g. "imported 3 snapshots, 2 unchanged, 1 figure, 1 skipped, 0 errors". */
export function importSummary(r: Output<'importPaths'>): string {
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const parts = [`imported ${n(r.imported.length, 'snapshot')}`, `${r.unchanged.length} unchanged`];
  if ((r.attached?.length ?? 0) > 0) parts.push(n(r.attached?.length ?? 0, 'figure'));
  parts.push(`${r.skipped.length} skipped`, n(r.errors.length, 'error'));
  return parts.join(', ');
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
  const id = m[1] as string;
  if (!isAnnotatablePhase(id)) {
    const near = closest(id, ANNOTATABLE_PHASES);
    throw new UsageError(
      `unknown phase "${id}"${near ? ` (did you mean "${near}"?)` : ''}; valid phases: ${ANNOTATABLE_PHASES.join(', ')}`,
    );
  }
  return [id, Number(m[2])];
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

// the installed app's `--cli` passes the arguments by environment (main/electron/main.ts runCli)
const cliArguments = (() => {
  try {
    return cliArgv(process.argv, process.env, (process as { type?: string }).type);
  } catch (e) {
    process.stderr.write(`benchlens: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
})();

main(cliArguments).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      const more = currentCommand ? `benchlens ${currentCommand} --help` : 'benchlens --help';
      process.stderr.write(`benchlens: ${e.message}\n(${more} for usage)\n`);
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
