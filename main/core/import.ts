// Import pipeline: expand paths to files, hash each (same content = no-op), sniff its format,
// stream it through the right parser and store it in one transaction. Problems become report
// entries naming the file (and line); nothing already stored is touched by a failed file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Store } from '../../db/store';
import type { ImportReport, Meta } from '../../shared/model';
import { derivePhases } from '../../shared/startup-phases';
import { detectFormat } from '../importers/detect';
import { readLines, splitLines, type LineChunk } from '../importers/line-reader';
import { StartupLogParser, type StartupParseResult } from '../importers/vllm-startup-log/parser';
import { PATTERNS_VERSION } from '../importers/vllm-startup-log/patterns';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  file: string | null;
}

interface Candidate {
  path: string;
  size: number;
  bundle: string | null;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', '.cache']);
/** Folders that hold results of one experiment family; the bundle is the folder above them. */
const CONTAINER_DIRS = new Set([
  'experiment_terminal_output',
  'bm_results',
  'logs',
  'results',
  'graphs',
  'plots',
]);

export function emptyReport(): ImportReport {
  return { imported: [], unchanged: [], skipped: [], errors: [] };
}

function bundleFor(file: string): string | null {
  let dir = dirname(file);
  while (CONTAINER_DIRS.has(basename(dir)) && dirname(dir) !== dir) dir = dirname(dir);
  const name = basename(dir);
  return name.length > 0 && dir !== dirname(dir) ? name : null;
}

async function collect(paths: readonly string[], report: ImportReport): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const walk = async (p: string, depth: number): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      report.errors.push({
        file: p,
        line: null,
        message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      });
      return;
    }
    if (st.isDirectory()) {
      if (depth > 0 && SKIP_DIRS.has(basename(p))) return;
      const entries = (await readdir(p)).sort();
      for (const e of entries) {
        if (e.startsWith('.') && e !== '.') continue;
        await walk(join(p, e), depth + 1);
      }
    } else if (st.isFile()) {
      out.push({ path: p, size: st.size, bundle: bundleFor(p) });
    }
  };
  for (const p of paths) await walk(resolve(p), 0);
  return out;
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
    h.update(chunk);
  return h.digest('hex');
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function parseStartup(
  lines: AsyncIterable<LineChunk> | Iterable<LineChunk>,
): Promise<StartupParseResult> {
  const parser = new StartupLogParser();
  for await (const l of lines) parser.push(l.text, l.line);
  return parser.finish();
}

export class Importer {
  constructor(
    private readonly store: Store,
    private readonly progress: (p: ImportProgress) => void = () => {},
  ) {}

  async importPaths(paths: readonly string[], signal?: AbortSignal): Promise<ImportReport> {
    const report = emptyReport();
    const files = await collect(paths, report);
    const bytesTotal = files.reduce((s, f) => s + f.size, 0);
    let bytesDone = 0;
    for (let i = 0; i < files.length; i++) {
      if (signal?.aborted) {
        report.skipped.push(...files.slice(i).map((f) => ({ file: f.path, reason: 'import cancelled' })));
        break;
      }
      const f = files[i] as Candidate;
      this.progress({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: f.path });
      try {
        await this.importOne(f, report, (read) =>
          this.progress({
            filesDone: i,
            filesTotal: files.length,
            bytesDone: bytesDone + read,
            bytesTotal,
            file: f.path,
          }),
        );
      } catch (e) {
        report.errors.push({ file: f.path, line: null, message: e instanceof Error ? e.message : String(e) });
      }
      bytesDone += f.size;
    }
    this.progress({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, file: null });
    return report;
  }

  private async importOne(f: Candidate, report: ImportReport, onBytes: (n: number) => void): Promise<void> {
    const head = await readHead(f.path);
    const det = detectFormat(f.path, head);
    if (det.format !== 'vllm-startup-log') {
      report.skipped.push({
        file: f.path,
        reason: det.format === 'vllm-bench-json' ? SERVING_LATER : (det.reason ?? det.format),
      });
      return;
    }
    const sha = await sha256File(f.path);
    if (this.store.hasSource(sha)) {
      report.unchanged.push({ file: f.path });
      return;
    }
    const parsed = await parseStartup(readLines(f.path, { onProgress: (n) => onBytes(n) }));
    this.storeStartup(f.path, f.size, sha, f.bundle, parsed, report);
  }

  /** Imports contents the renderer sent (browser picker, drag and drop). */
  async importContents(files: readonly { name: string; content: string }[]): Promise<ImportReport> {
    const report = emptyReport();
    const bytesTotal = files.reduce((s, f) => s + Buffer.byteLength(f.content), 0);
    let bytesDone = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i] as { name: string; content: string };
      const name = basename(f.name);
      this.progress({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: name });
      const buf = Buffer.from(f.content, 'utf8');
      bytesDone += buf.length;
      try {
        const det = detectFormat(name, buf.subarray(0, 64 * 1024));
        if (det.format !== 'vllm-startup-log') {
          report.skipped.push({
            file: name,
            reason: det.format === 'vllm-bench-json' ? SERVING_LATER : (det.reason ?? det.format),
          });
          continue;
        }
        const sha = createHash('sha256').update(buf).digest('hex');
        if (this.store.hasSource(sha)) {
          report.unchanged.push({ file: name });
          continue;
        }
        const parsed = await parseStartup(splitLines(f.content));
        this.storeStartup(name, buf.length, sha, null, parsed, report);
      } catch (e) {
        report.errors.push({ file: name, line: null, message: e instanceof Error ? e.message : String(e) });
      }
    }
    this.progress({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, file: null });
    return report;
  }

  private storeStartup(
    path: string,
    size: number,
    sha256: string,
    bundle: string | null,
    parsed: StartupParseResult,
    report: ImportReport,
  ): void {
    const derived = derivePhases(parsed.measurements, 'slowest');
    const measuredCount = derived.phases.filter((p) => p.source === 'log').length;
    if (parsed.measurements.startLine === null || measuredCount === 0) {
      const first = parsed.issues[0];
      report.errors.push({
        file: path,
        line: first?.line ?? null,
        message:
          parsed.measurements.startLine === null
            ? 'no timestamped vLLM / Ray Serve line: cannot place a replica start'
            : 'no start-up duration message (Model loading took…, torch.compile took…, Graph capturing finished…) found',
      });
      return;
    }
    const meta: Meta = {
      ...parsed.meta,
      lines: parsed.stats.lines,
      duplicateLines: parsed.stats.duplicates,
    };
    const name = basename(path, extname(path));
    const issues = [...parsed.issues, ...derived.issues.map((message) => ({ line: null, message }))];
    const id = this.store.insertStartup(
      { path, size, sha256, format: 'vllm-startup-log', importerVersion: PATTERNS_VERSION, bundle },
      {
        name,
        model: typeof meta['model'] === 'string' ? meta['model'] : null,
        bundle,
        meta,
        measurements: parsed.measurements,
        issues,
        phases: derived.phases,
        totalS: derived.totalS,
        events: parsed.events,
      },
    );
    const stored = this.store.findSnapshot(id);
    report.imported.push({ file: path, snapshotId: id, name: stored?.name ?? name, kind: 'startup' });
  }
}

const SERVING_LATER = '`vllm bench serve` result: serving snapshots are not imported by this version yet';
