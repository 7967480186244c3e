// `benchlens` command line: import, list, show, compare, annotate, serve — thin wrappers over the
// core service with the same validation as every other front door. Errors go to stderr, exit ≠ 0.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Method, Output } from '../../shared/contract';
import { callMethod, CoreError } from '../core/call';
import { resolveDbPath } from '../core/paths';
import { createCoreService } from '../core/service';
import type { CoreService } from '../core/types';
import { formatCompare, formatList, formatShow } from './format';

const USAGE = `Usage: benchlens <command> [options]

Commands:
  import <path>…                  import files or folders (startup logs; bundles are searched recursively)
  list                            list snapshots
  show <snapshot>                 one snapshot's phases and metadata
  compare <baseline> <candidate>  speedup overall and per phase
  annotate <snapshot> --phase ID=SECONDS [--phase …] [--note TEXT] [--remove ID]
                                  add or override phase values by hand (kept beside the measured ones)
  serve [--port N]                serve the app to a local browser (127.0.0.1, per-launch token)

Options:
  --db FILE            database file (default: $BENCHLENS_DB, else the desktop app's database)
  --json               machine-readable output
  --ranks MODE         slowest (default) | first | median: how tensor-parallel ranks are aggregated
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [cmd, ...args] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(`${USAGE}\n`);
    return cmd || values.help ? 0 : 2;
  }
  const commands = ['import', 'list', 'show', 'compare', 'annotate', 'serve'];
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
        const report = await call(svc, 'importPaths', { paths: args });
        off();
        if (showProgress) process.stderr.write('\r');
        if (json) print(true, report, '');
        else {
          for (const i of report.imported)
            process.stdout.write(`imported   ${i.file} → ${i.name} (${i.kind}, id ${i.snapshotId})\n`);
          for (const u of report.unchanged) process.stdout.write(`unchanged  ${u.file}\n`);
          for (const s of report.skipped) process.stdout.write(`skipped    ${s.file}: ${s.reason}\n`);
          for (const e of report.errors)
            process.stderr.write(`error      ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
        }
        return report.errors.length > 0 ? 1 : 0;
      }
      case 'list': {
        const list = await call(svc, 'listSnapshots', {});
        print(json, list, formatList(list));
        return 0;
      }
      case 'show': {
        if (args.length !== 1) throw new UsageError('show needs one snapshot (id or name)');
        const d = await call(svc, 'getSnapshot', { snapshot: ref(args[0]), ranks: values.ranks });
        print(json, d, formatShow(d));
        return 0;
      }
      case 'compare': {
        if (args.length !== 2) throw new UsageError('compare needs a baseline and a candidate');
        const c = await call(svc, 'compare', {
          baseline: ref(args[0]),
          candidate: ref(args[1]),
          ranks: values.ranks,
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
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } finally {
    if (cmd !== 'serve') svc.close();
  }
}

function ref(s: string | undefined): number | string {
  if (s === undefined) throw new UsageError('missing snapshot');
  return /^\d+$/.test(s) ? Number(s) : s;
}

function parsePhaseValue(s: string): [string, number] {
  const m = /^([a-z][a-z0-9_]*)=([0-9]+(?:\.[0-9]+)?)$/.exec(s);
  if (!m) throw new UsageError(`--phase expects ID=SECONDS (e.g. fixed_init=39.4), got "${s}"`);
  return [m[1] as string, Number(m[2])];
}

async function serve(svc: CoreService, portFlag: string | undefined): Promise<number> {
  const port = portFlag === undefined ? 0 : Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port expects 0-65535, got "${portFlag}"`);
  const staticDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
  if (!existsSync(`${staticDir}index.html`)) {
    process.stderr.write(
      'benchlens: the UI is not built yet (out/renderer). Run `npm run build` first; the API is served meanwhile.\n',
    );
  }
  const { startHttpServer } = await import('../server/http');
  const server = await startHttpServer({ service: svc, staticDir, port });
  process.stdout.write(`BenchLens is serving ${svc.dbPath}\nOpen ${server.url}\n(Ctrl+C to stop)\n`);
  await new Promise<void>((res) => {
    const stop = () => res();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  svc.close();
  return 0;
}

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
