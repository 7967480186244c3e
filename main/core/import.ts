// Import pipeline: every entry (file, folder member, archive member, upload) is read once — hashed,
// sniffed and parsed in the same pass — then stored in its own transaction. Identical content is a
// no-op; problems become report entries naming the file (and line); a failed file stores nothing.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Store } from '../../db/store';
import { emptyReport, type ImportReport, type Meta } from '../../shared/model';
import { appendAll } from '../../shared/arrays';
import { mergeReport } from '../../shared/import-report';
import { experimentAttributes, partAttributes, pointAttributes } from '../../shared/experiment-attributes';
import { derivePhases } from '../../shared/startup-phases';
import { detectFormat, type Format } from '../importers/detect';
import { LineSplitter, MAX_LINE_BYTES, type LineChunk } from '../importers/line-reader';
import { locate } from '../importers/locate';
import { toServingPoint } from '../importers/vllm-bench-json/bench-result';
import {
  JsonObjectScanner,
  JsonScanError,
  MAX_KEPT_CHARS,
  MAX_STRING_CHARS,
  MAX_VALUES,
  type ScanResult,
} from '../importers/vllm-bench-json/json-scanner';
import { StartupLogParser, type StartupParseResult } from '../importers/vllm-startup-log/parser';
import { PATTERNS_VERSION } from '../importers/vllm-startup-log/patterns';
import { openSources, type SourceEntry } from './sources';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  file: string | null;
}

const HEAD_BYTES = 64 * 1024;
/** Over-long lines reported one by one up to this many, then as a count. */
const MAX_CUT_ISSUES = 20;
const MAX_FIGURE_BYTES = 25 * 1024 * 1024;
export const SERVING_IMPORTER_VERSION = 1;

type Parsed =
  | { format: 'vllm-startup-log'; result: StartupParseResult }
  | { format: 'vllm-bench-json'; scanner: JsonObjectScanner }
  | { format: 'png'; data: Buffer };

interface Consumer {
  push(chunk: Buffer): void;
  end(): Parsed;
}

function consumerFor(format: Format): Consumer | null {
  switch (format) {
    case 'vllm-startup-log': {
      const splitter = new LineSplitter();
      const parser = new StartupLogParser();
      const cut: { line: number; message: string }[] = [];
      let cutLines = 0;
      const take = (l: LineChunk) => {
        if (l.droppedBytes !== undefined && ++cutLines <= MAX_CUT_ISSUES)
          cut.push({
            line: l.line,
            message: `line cut to ${MAX_LINE_BYTES} bytes (${l.droppedBytes} more bytes not read)`,
          });
        parser.push(l.text, l.line);
      };
      return {
        push: (b) => {
          for (const l of splitter.push(b)) take(l);
        },
        end: () => {
          for (const l of splitter.end()) take(l);
          const result = parser.finish();
          appendAll(result.issues, cut);
          if (cutLines > MAX_CUT_ISSUES)
            result.issues.push({ line: null, message: `${cutLines - MAX_CUT_ISSUES} more lines cut` });
          return { format, result };
        },
      };
    }
    case 'vllm-bench-json': {
      const decoder = new StringDecoder('utf8');
      const scanner = new JsonObjectScanner();
      return {
        push: (b) => scanner.feed(decoder.write(b)),
        end: () => {
          scanner.feed(decoder.end());
          return { format, scanner };
        },
      };
    }
    case 'png': {
      const parts: Buffer[] = [];
      let n = 0;
      return {
        push: (b) => {
          n += b.length;
          if (n > MAX_FIGURE_BYTES) throw new Error(`figure larger than ${MAX_FIGURE_BYTES / 1e6} MB`);
          parts.push(b);
        },
        end: () => ({ format, data: Buffer.concat(parts) }),
      };
    }
    case 'unknown':
      return null;
    default: {
      const never: never = format;
      throw new Error(`no importer for ${String(never)}`);
    }
  }
}

class ImportCancelled extends Error {}

function isArchive(name: string, head: Buffer): boolean {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return true;
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b && /\.(tgz|tar\.gz)$/i.test(name);
}

export class Importer {
  constructor(
    private readonly store: Store,
    private readonly progress: (p: ImportProgress) => void = () => {},
  ) {}

  async importPaths(paths: readonly string[], signal?: AbortSignal): Promise<ImportReport> {
    const report = emptyReport();
    const sources = await openSources(paths, signal);
    let done = 0;
    const tick = (file: string | null) =>
      this.progress({
        filesDone: done,
        filesTotal: Math.max(done, 0) + (file ? 1 : 0),
        bytesDone: sources.bytesRead(),
        bytesTotal: sources.bytesTotal,
        file,
      });
    for await (const entry of sources.entries) {
      if (signal?.aborted) {
        report.skipped.push({ file: entry.display, reason: 'import cancelled' });
        await entry.drain();
        continue;
      }
      tick(entry.display);
      await this.importEntry(entry, report, false, signal);
      done++;
    }
    for (const p of sources.problems) report.errors.push({ file: p.file, line: null, message: p.message });
    for (const p of sources.skipped) report.skipped.push({ file: p.file, reason: p.message });
    tick(null);
    return report;
  }

  /**
   * Imports contents the renderer sent (browser file picker, drag and drop). Names may be paths
   * relative to a picked folder; they place results in bundles and experiments as a path would.
   */
  async importContents(
    files: readonly { name: string; content: string; encoding?: 'utf8' | 'base64' }[],
    signal?: AbortSignal,
  ): Promise<ImportReport> {
    const report = emptyReport();
    const bufs = files.map((f) => Buffer.from(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'));
    const bytesTotal = bufs.reduce((s, b) => s + b.length, 0);
    let bytesDone = 0;
    for (let i = 0; i < files.length; i++) {
      const f = files[i] as { name: string };
      const buf = bufs[i] as Buffer;
      if (signal?.aborted) {
        report.skipped.push({ file: f.name, reason: 'import cancelled' });
        continue;
      }
      this.progress({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: f.name });
      if (isArchive(f.name, buf)) await this.importUploadedArchive(f.name, buf, report, signal);
      else {
        await this.importEntry(
          {
            display: f.name,
            logicalPath: f.name,
            size: buf.length,
            seekable: true,
            chunks: () => ({
              async *[Symbol.asyncIterator]() {
                yield buf;
              },
            }),
            drain: async () => {},
          },
          report,
          !/[\\/]/.test(f.name),
          signal,
        );
      }
      bytesDone += buf.length;
    }
    this.progress({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, file: null });
    return report;
  }

  /** Archive readers need random access (zip): stage the upload in a private temp file. */
  private async importUploadedArchive(
    name: string,
    buf: Buffer,
    report: ImportReport,
    signal?: AbortSignal,
  ): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'benchlens-upload-'));
    const staged = join(dir, basename(name));
    try {
      await writeFile(staged, buf);
      const r = await this.importPaths([staged], signal);
      const rename = (file: string) => (file.startsWith(staged) ? name + file.slice(staged.length) : file);
      mergeReport(report, r, rename);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async importEntry(
    entry: SourceEntry,
    report: ImportReport,
    upload = false,
    signal?: AbortSignal,
  ): Promise<void> {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLen = 0;
    let consumer: Consumer | null = null;
    let decided = false;
    let skipReason: string | null = null;
    let size = 0;
    const decide = () => {
      decided = true;
      const det = detectFormat(entry.logicalPath, Buffer.concat(head));
      consumer = consumerFor(det.format);
      if (!consumer) skipReason = det.reason ?? 'not a recognised format';
      else for (const b of head) consumer.push(b);
    };
    try {
      for await (const chunk of entry.chunks()) {
        // checked per chunk: a huge file (or a bomb inside an archive) stops when cancelled
        if (signal?.aborted) throw new ImportCancelled();
        size += chunk.length;
        if (!decided) {
          head.push(chunk);
          headLen += chunk.length;
          hash.update(chunk);
          if (headLen >= HEAD_BYTES) decide();
          if (skipReason && entry.seekable) break;
          continue;
        }
        if (skipReason) continue; // archive member: read to its end, keep nothing
        hash.update(chunk);
        (consumer as Consumer | null)?.push(chunk);
      }
      if (!decided) decide();
      if (skipReason || !consumer) {
        report.skipped.push({ file: entry.display, reason: skipReason ?? 'not a recognised format' });
        return;
      }
      const parsed = (consumer as Consumer).end();
      const sha256 = hash.digest('hex');
      // BEGIN IMMEDIATE: take the write lock first, so a concurrent writer waits (busy timeout)
      // instead of failing with SQLITE_BUSY_SNAPSHOT; the report gets only what committed
      const staged = emptyReport();
      this.store.write(() => this.storeParsed(entry, upload, size, sha256, parsed, staged));
      mergeReport(report, staged);
    } catch (e) {
      if (e instanceof ImportCancelled) {
        report.skipped.push({ file: entry.display, reason: 'import cancelled' });
        return;
      }
      const line = e instanceof JsonScanError ? e.line : null;
      const message =
        e instanceof JsonScanError
          ? `invalid JSON: ${e.message}`
          : e instanceof Error
            ? e.message
            : String(e);
      report.errors.push({ file: entry.display, line, message });
    }
  }

  private storeParsed(
    entry: SourceEntry,
    upload: boolean,
    size: number,
    sha256: string,
    parsed: Parsed,
    report: ImportReport,
  ): void {
    const loc = locate(entry.logicalPath);
    const bundle = upload ? null : loc.bundle;
    switch (parsed.format) {
      case 'vllm-startup-log': {
        const identity = `sha256:${sha256}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: entry.display });
          return;
        }
        this.storeStartup(
          entry.display,
          { identity, size, sha256, bundle, name: loc.stem },
          parsed.result,
          report,
        );
        return;
      }
      case 'vllm-bench-json': {
        const experimentKey = upload ? `upload/${loc.experiment}` : loc.experimentKey;
        const identity = `sha256:${sha256}@${experimentKey}/${loc.fileInExperiment}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: entry.display });
          return;
        }
        // a JSON Lines file (`--append-result`) holds one run per line: one point each
        const scans = parsed.scanner.endAll();
        const many = scans.length > 1;
        for (const [k, scan] of scans.entries()) {
          const suffix = many ? `#${k + 1}` : '';
          if (many && this.store.hasIdentity(`${identity}${suffix}`)) {
            report.unchanged.push({ file: `${entry.display}${suffix}` });
            continue;
          }
          this.storeServingPoint(
            entry,
            { bundle, experimentKey, loc, size, sha256, identity, suffix },
            scan,
            report,
          );
        }
        return;
      }
      case 'png': {
        const identity = `sha256:${sha256}@figure/${bundle ?? ''}/${loc.stem}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: entry.display });
          return;
        }
        const name = entry.logicalPath.split(/[\\/]/).slice(-2).join('/');
        const id = this.store.insertFigure(
          { path: entry.display, size, sha256, identity, format: 'png', importerVersion: 1, bundle },
          { bundle, name, mime: 'image/png', data: parsed.data },
        );
        report.attached?.push({ file: entry.display, bundle, figureId: id });
        return;
      }
      default: {
        const never: never = parsed;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }

  private storeServingPoint(
    entry: SourceEntry,
    f: {
      bundle: string | null;
      experimentKey: string;
      loc: ReturnType<typeof locate>;
      size: number;
      sha256: string;
      identity: string;
      suffix: string;
    },
    scan: ScanResult,
    report: ImportReport,
  ): void {
    const { point, issues } = toServingPoint(scan);
    for (const t of scan.truncated)
      issues.push({
        line: t.line,
        message: `string${t.key === null ? ' key' : ` under "${t.key}"`} cut to ${MAX_STRING_CHARS} of ${t.chars} characters`,
      });
    if (scan.droppedValues > 0)
      issues.push({
        line: scan.line,
        message: `${scan.droppedValues} values not kept (over ${MAX_VALUES} values or ${MAX_KEPT_CHARS} characters in one result)`,
      });
    if (f.suffix) for (const i of issues) i.line ??= scan.line;
    const fromName = pointAttributes(f.loc.stem);
    const part = f.loc.partDir ? partAttributes(f.loc.partDir) : null;
    const attributes = experimentAttributes(f.loc.experiment);
    const model = typeof attributes['model'] === 'string' ? attributes['model'] : point.modelId;
    const res = this.store.insertServingPoint(
      {
        path: `${entry.display}${f.suffix}`,
        size: f.size,
        sha256: f.sha256,
        identity: `${f.identity}${f.suffix}`,
        format: 'vllm-bench-json',
        importerVersion: SERVING_IMPORTER_VERSION,
        bundle: f.bundle,
      },
      {
        key: f.experimentKey,
        name: f.loc.experiment,
        bundle: f.bundle,
        model,
        attributes,
        meta: {
          modelId: point.modelId,
          backend: str(point.metrics['backend']),
          endpointType: str(point.metrics['endpoint_type']),
        },
      },
      {
        file: `${f.loc.fileInExperiment}${f.suffix}`,
        part: typeof part?.['part'] === 'number' ? part['part'] : null,
        aggregate: part?.['aggregate'] === true,
        concurrency:
          point.concurrency ?? (typeof fromName['concurrency'] === 'number' ? fromName['concurrency'] : null),
        concurrencyUnbounded: point.concurrencyUnbounded && fromName['concurrency'] === undefined,
        requestRate: point.requestRate,
        rateInfinite: point.rateInfinite,
        repeat: typeof fromName['repeat'] === 'number' ? fromName['repeat'] : null,
        completed: point.completed,
        failed: point.failed,
        numPrompts: point.numPrompts,
        durationS: point.durationS,
        date: point.date,
        metrics: point.metrics,
        flags: point.flags,
      },
      issues,
    );
    report.imported.push({
      file: `${entry.display}${f.suffix}`,
      snapshotId: res.snapshotId,
      name: res.name,
      kind: 'serving',
    });
  }

  private storeStartup(
    display: string,
    f: { identity: string; size: number; sha256: string; bundle: string | null; name: string },
    parsed: StartupParseResult,
    report: ImportReport,
  ): void {
    const derived = derivePhases(parsed.measurements, 'slowest');
    const measuredCount = derived.phases.filter((p) => p.source === 'log').length;
    if (parsed.measurements.startLine === null || measuredCount === 0) {
      const first = parsed.issues[0];
      report.errors.push({
        file: display,
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
      ...(parsed.stats.dropped > 0 ? { linesNotKept: parsed.stats.dropped } : {}),
    };
    const issues = [...parsed.issues, ...derived.issues.map((message) => ({ line: null, message }))];
    const id = this.store.insertStartup(
      {
        path: display,
        size: f.size,
        sha256: f.sha256,
        identity: f.identity,
        format: 'vllm-startup-log',
        importerVersion: PATTERNS_VERSION,
        bundle: f.bundle,
      },
      {
        name: f.name,
        model: typeof meta['model'] === 'string' ? meta['model'] : null,
        bundle: f.bundle,
        meta,
        measurements: parsed.measurements,
        issues,
        phases: derived.phases,
        totalS: derived.totalS,
        events: parsed.events,
      },
    );
    report.imported.push({
      file: display,
      snapshotId: id,
      name: this.store.findSnapshot(id)?.name ?? f.name,
      kind: 'startup',
    });
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
