// Import pipeline: every entry (file, folder member, archive member, upload) is read once — hashed,
// sniffed and parsed in the same pass — then stored all-or-nothing (its own savepoint inside a batch
// transaction of small files, or its own transaction). Identical content is a no-op; problems become
// report entries naming the file (and line); a failed file stores nothing; the report lists what committed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Store } from '../../db/store';
import { emptyReport, type ImportReport, type Meta } from '../../shared/model';
import { mergeReport } from '../../shared/import-report';
import {
  type Attributes,
  namesByWhatVaries,
  partAttributes,
  pointAttributes,
  servingExperiment,
  sweepAttributes,
} from '../../shared/experiment-attributes';
import { derivePhases } from '../../shared/startup-phases';
import { decodeToUtf8 } from '../importers/decode';
import { detectImporter } from '../importers/detect';
import { folderAsFile, locate } from '../importers/locate';
import type { FormatImporter, ImportRecord, RecordConsumer } from '../importers/types';
import { JsonScanError } from '../importers/vllm-bench-json/json-scanner';
import { replicaCount, type StartupParseResult } from '../importers/vllm-startup-log/parser';
import { archiveKind, openSources, type SourceEntry } from './sources';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  file: string | null;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Small files share one transaction (one commit, not one per file) until the batch holds this
 * many files or has been open this long (a timer commits it then, so the write lock is never held
 * while a large file is read); a larger file commits the batch first and has its own.
 */
export const BATCH_MAX_FILES = 256;
export const BATCH_MAX_MS = 250;
export const BATCH_MAX_FILE_BYTES = 1 << 20;

export interface ImporterOptions {
  /**
   * Share one transaction between small files (default true). Off when the connection serves other
   * callers between files (the in-process runner): their writes would join the open batch.
   */
  batch?: boolean;
}

interface Batch {
  /** The report of the import that opened it; `pending` (what its files stored) joins it on commit. */
  report: ImportReport;
  pending: ImportReport;
  files: number;
  openedMs: number;
  /** Commits the batch when it is still open BATCH_MAX_MS later (the import reading a large file). */
  timer: ReturnType<typeof setTimeout>;
}
const UPLOAD_CHUNK_BYTES = 64 * 1024;

class ImportCancelled extends Error {}

function isArchive(name: string, head: Buffer): boolean {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return true;
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b && /\.(tgz|tar\.gz)$/i.test(name);
}

/** A snapshot this import created for an experiment named after its runs, waiting for its short name. */
interface ToName {
  /** The name it was created with (every parameter): renamed only while it still has it. */
  created: string;
  scope: string;
  model: string | null;
  attributes: Attributes;
}

export class Importer {
  private batch: Batch | null = null;
  /** Snapshots created by the running imports, named once their import has stored every file. */
  private readonly toName = new Map<number, ToName>();

  constructor(
    private readonly store: Store,
    private readonly progress: (p: ImportProgress) => void = () => {},
    private readonly options: ImporterOptions = {},
  ) {}

  /**
   * Where a file about to be written (synchronously, right after this) reports what it stored: the
   * open batch's pending report when the file joins it, else `report` (its own transaction). An
   * import's batch is committed first when it is full or old, when the file is large, or when the
   * file belongs to another import running concurrently on this importer.
   */
  private joinBatch(size: number, report: ImportReport): ImportReport {
    const b = this.batch;
    if (
      b &&
      (b.report !== report ||
        size > BATCH_MAX_FILE_BYTES ||
        b.files >= BATCH_MAX_FILES ||
        performance.now() - b.openedMs >= BATCH_MAX_MS)
    )
      this.commitBatch();
    if (size > BATCH_MAX_FILE_BYTES || this.options.batch === false) return report;
    if (!this.batch) {
      if (!this.store.beginBatch()) return report; // inside an outer transaction: write into it
      const timer = setTimeout(() => {
        if (this.batch === batch) this.commitBatch();
      }, BATCH_MAX_MS);
      timer.unref();
      const batch: Batch = { report, pending: emptyReport(), files: 0, openedMs: performance.now(), timer };
      this.batch = batch;
    }
    this.batch.files++;
    return this.batch.pending;
  }

  /**
   * Commits the open batch (only when `report`'s import opened it, if given) and reports what it
   * stored; when the commit fails, nothing of it was stored: each of its files is an error instead.
   */
  private commitBatch(report?: ImportReport): void {
    const b = this.batch;
    if (!b || (report !== undefined && b.report !== report)) return;
    this.batch = null;
    clearTimeout(b.timer);
    try {
      this.store.endBatch(true);
    } catch (e) {
      const message = `not stored: the batch with this file failed to commit (${e instanceof Error ? e.message : String(e)})`;
      const files = new Set([...b.pending.imported, ...(b.pending.attached ?? [])].map((x) => x.file));
      for (const file of files) b.report.errors.push({ file, line: null, message });
      mergeReport(b.report, { ...b.pending, imported: [], attached: [] });
      return;
    }
    mergeReport(b.report, b.pending);
  }

  async importPaths(paths: readonly string[], signal?: AbortSignal): Promise<ImportReport> {
    const report = emptyReport();
    try {
      await this.importPathsInto(paths, report, signal);
    } finally {
      // what the finished files stored is kept, even when the walk itself failed
      this.commitBatch(report);
      this.nameCreated(report);
    }
    return report;
  }

  private async importPathsInto(
    paths: readonly string[],
    report: ImportReport,
    signal?: AbortSignal,
  ): Promise<void> {
    const sources = await openSources(paths, signal, { database: this.store.path });
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
      // a plain file is read again from its path; an archive member through its entry (zip); a
      // streamed member (tar) is never read twice
      const reread =
        entry.display === entry.logicalPath
          ? () => createReadStream(entry.logicalPath, { highWaterMark: 1 << 16 })
          : entry.seekable
            ? () => entry.chunks()
            : undefined;
      await this.importEntry(entry, report, false, signal, reread);
      done++;
    }
    this.commitBatch(report);
    for (const p of sources.problems) report.errors.push({ file: p.file, line: null, message: p.message });
    for (const p of sources.skipped) report.skipped.push({ file: p.file, reason: p.message });
    tick(null);
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
    // one decoded file at a time, fed in read-sized chunks: never every file's bytes, nor one
    // file as a single huge string, on top of the request
    const enc = (f: { encoding?: 'utf8' | 'base64' }) => (f.encoding === 'base64' ? 'base64' : 'utf8');
    const bytesTotal = files.reduce((s, f) => s + Buffer.byteLength(f.content, enc(f)), 0);
    let bytesDone = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i] as (typeof files)[number];
        if (signal?.aborted) {
          report.skipped.push({ file: f.name, reason: 'import cancelled' });
          continue;
        }
        this.progress({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: f.name });
        const buf = Buffer.from(f.content, enc(f));
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
                  for (let at = 0; at < buf.length; at += UPLOAD_CHUNK_BYTES)
                    yield buf.subarray(at, at + UPLOAD_CHUNK_BYTES);
                },
              }),
              drain: async () => {},
            },
            report,
            !/[\\/]/.test(f.name),
            signal,
            () => ({
              async *[Symbol.asyncIterator]() {
                for (let at = 0; at < buf.length; at += UPLOAD_CHUNK_BYTES)
                  yield buf.subarray(at, at + UPLOAD_CHUNK_BYTES);
              },
            }),
          );
        }
        bytesDone += buf.length;
      }
    } finally {
      this.commitBatch(report);
      this.nameCreated(report);
    }
    this.progress({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, file: null });
    return report;
  }

  /**
   * Names the serving snapshots this import created after their experiment: model, tool when not
   * vllm, and only the parameters that differ from the other experiments of the same model in the
   * same folder (stored before or now). Names are never identities (the experiment key is), so a
   * re-import finds the same snapshots; names already given are not changed.
   */
  private nameCreated(report: ImportReport): void {
    const groups = new Map<string, { scope: string; model: string | null; ids: number[] }>();
    for (const x of report.imported) {
      const n = x.snapshotId === undefined ? undefined : this.toName.get(x.snapshotId);
      if (!n || x.snapshotId === undefined) continue;
      const g = `${n.scope}\u0000${n.model ?? ''}`;
      const group = groups.get(g) ?? { scope: n.scope, model: n.model, ids: [] };
      if (!group.ids.includes(x.snapshotId)) group.ids.push(x.snapshotId);
      groups.set(g, group);
    }
    const renamed = new Map<number, string>();
    for (const { scope, model, ids } of groups.values()) {
      const fresh = ids.map((id) => this.toName.get(id) as ToName);
      const stored = this.store
        .servingSiblings(scope, model)
        .filter((s) => !ids.includes(s.id))
        .map((s) => ({ model, attributes: JSON.parse(s.attributes) as Attributes }));
      const names = namesByWhatVaries([...fresh, ...stored], fresh.length);
      ids.forEach((id, i) => {
        const name = this.store.renameImported(id, fresh[i]?.created ?? '', names[i] as string);
        if (name !== null) renamed.set(id, name);
        this.toName.delete(id);
      });
    }
    for (const x of report.imported) {
      const name = x.snapshotId === undefined ? undefined : renamed.get(x.snapshotId);
      if (name !== undefined) x.name = name;
    }
  }

  /**
   * Imports files a front door staged on disk (`serve` uploads), reported under their uploaded names.
   * Plain files are read in chunks from disk and archives (sniffed from content, as a path import
   * does) opened in place: nothing is held whole. The staged file must be named like the upload.
   * Names may be paths relative to a dropped folder and place results as `importContents` does.
   */
  async importStaged(
    files: readonly { name: string; path: string }[],
    signal?: AbortSignal,
  ): Promise<ImportReport> {
    const report = emptyReport();
    // small files join a batch, committed before answering (importStagedInto's finally), so the report
    // lists what they stored
    await this.importStagedInto(files, report, signal);
    return report;
  }

  private async importStagedInto(
    files: readonly { name: string; path: string }[],
    report: ImportReport,
    signal?: AbortSignal,
  ): Promise<void> {
    const sizes: number[] = [];
    for (const f of files) sizes.push((await stat(f.path)).size);
    const bytesTotal = sizes.reduce((s, n) => s + n, 0);
    let bytesDone = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i] as (typeof files)[number];
        const size = sizes[i] ?? 0;
        if (signal?.aborted) {
          report.skipped.push({ file: f.name, reason: 'import cancelled' });
          continue;
        }
        this.progress({ filesDone: i, filesTotal: files.length, bytesDone, bytesTotal, file: f.name });
        if ((await archiveKind(f.path)) !== null)
          await this.importArchiveFile(f.name, f.path, report, signal);
        else {
          const read = () => createReadStream(f.path, { highWaterMark: UPLOAD_CHUNK_BYTES });
          await this.importEntry(
            {
              display: f.name,
              logicalPath: f.name,
              size,
              seekable: true,
              chunks: read,
              drain: async () => {},
            },
            report,
            !/[\\/]/.test(f.name),
            signal,
            read,
          );
        }
        bytesDone += size;
      }
    } finally {
      // a batch this upload opened is committed before its report is returned (what committed is reported)
      this.commitBatch(report);
    }
    this.nameCreated(report);
    this.progress({ filesDone: files.length, filesTotal: files.length, bytesDone, bytesTotal, file: null });
  }

  /** An archive on disk imported under another name: its members are reported as `name!member`. */
  private async importArchiveFile(
    name: string,
    staged: string,
    report: ImportReport,
    signal?: AbortSignal,
  ): Promise<void> {
    const r = await this.importPaths([staged], signal);
    const rename = (file: string) => (file.startsWith(staged) ? name + file.slice(staged.length) : file);
    mergeReport(report, r, rename);
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
      await this.importArchiveFile(name, staged, report, signal);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Reads an entry once: hashed, sniffed and parsed in the same pass. For an importer whose
   * identities are the content alone, when the store holds a source of the same size (or the
   * whole content fits in the head), the content is hashed first and not parsed when unchanged;
   * changed content is then read again through `reread`.
   */
  private async importEntry(
    entry: SourceEntry,
    report: ImportReport,
    upload = false,
    signal?: AbortSignal,
    reread?: () => AsyncIterable<Buffer>,
  ): Promise<void> {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headLen = 0;
    let consumer: RecordConsumer | null = null;
    let importer: FormatImporter | null = null;
    let decided = false;
    let skipReason: string | null = null;
    let hashFirst = false;
    let size = 0;
    const decide = (whole: boolean) => {
      decided = true;
      const det = detectImporter(entry.logicalPath, Buffer.concat(head));
      importer = det.importer;
      if (!importer) {
        skipReason = det.reason ?? 'not a recognised format';
        return;
      }
      hashFirst =
        importer.identityByContent === true &&
        (whole ||
          (reread !== undefined &&
            this.store.hasSourceOfSize(entry.size, importer.format, importer.version)));
      if (hashFirst) return;
      consumer = importer.consumer();
      for (const b of head) consumer.push(b);
    };
    try {
      let wholeInHead = false;
      // UTF-16 and single gzip files become UTF-8 here, before the hash, the sniffers and the parsers
      for await (const chunk of decodeToUtf8(entry.chunks(), entry.logicalPath)) {
        // checked per chunk: a huge file (or a bomb inside an archive) stops when cancelled
        if (signal?.aborted) throw new ImportCancelled();
        size += chunk.length;
        if (skipReason) continue; // archive member: read to its end, keep nothing
        hash.update(chunk);
        if (!decided) {
          head.push(chunk);
          headLen += chunk.length;
          if (headLen >= HEAD_BYTES) decide(false);
          if (skipReason && entry.seekable) break;
          continue;
        }
        (consumer as RecordConsumer | null)?.push(chunk);
      }
      if (!decided) {
        wholeInHead = true;
        decide(true);
      }
      if (skipReason || !importer) {
        report.skipped.push({ file: entry.display, reason: skipReason ?? 'not a recognised format' });
        return;
      }
      const sha256 = hash.digest('hex');
      const imp: FormatImporter = importer;
      if (hashFirst) {
        const stored = this.unchangedRecords(sha256, imp);
        if (stored > 0) {
          for (let i = 0; i < stored; i++) report.unchanged.push({ file: entry.display });
          return;
        }
        const c = imp.consumer();
        if (wholeInHead) for (const b of head) c.push(b);
        else {
          // same size, other content: parse it now, from a second read
          for await (const chunk of decodeToUtf8(
            (reread as () => AsyncIterable<Buffer>)(),
            entry.logicalPath,
          )) {
            if (signal?.aborted) throw new ImportCancelled();
            c.push(chunk);
          }
        }
        consumer = c;
      }
      const records = (consumer as RecordConsumer | null)?.end() ?? [];
      // BEGIN IMMEDIATE (or a savepoint inside the open batch, which took the lock the same way): a
      // concurrent writer waits (busy timeout) instead of failing with SQLITE_BUSY_SNAPSHOT; the
      // report gets only what committed (a batch's files when the batch commits)
      const staged = emptyReport();
      const into = this.joinBatch(size, report);
      this.store.write(() => {
        for (const rec of records) this.storeRecord(entry, upload, size, sha256, imp, rec, staged);
      });
      mergeReport(into, staged);
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

  /**
   * How many records an earlier import of this very content stored, when all of them are still
   * there (the parse would find each one unchanged); 0 when it must be parsed. Identities are
   * `sha256:X` (one record) or `sha256:X#engine` (one per replica, their number in the issues).
   */
  private unchangedRecords(sha256: string, importer: FormatImporter): number {
    const rows = this.store.contentSources(sha256, importer.format, importer.version);
    if (rows.length === 0) return 0;
    if (rows.some((r) => r.identity === `sha256:${sha256}`)) return rows.length === 1 ? 1 : 0;
    const first = rows[0] as (typeof rows)[number];
    let expected = 1;
    try {
      expected = replicaCount(JSON.parse(first.issuesJson ?? '[]') as { message: string }[]);
    } catch {
      return 0;
    }
    return rows.length === expected ? expected : 0;
  }

  private storeRecord(
    entry: SourceEntry,
    upload: boolean,
    size: number,
    sha256: string,
    importer: FormatImporter,
    rec: ImportRecord,
    report: ImportReport,
  ): void {
    const loc = locate(
      rec.kind === 'serving-point' && rec.pointInFolder ? folderAsFile(entry.logicalPath) : entry.logicalPath,
    );
    const bundle = upload ? null : loc.bundle;
    const format = importer.format;
    const importerVersion = importer.version;
    switch (rec.kind) {
      case 'startup': {
        const engine = rec.result.engine;
        const identity = engine ? `sha256:${sha256}#${engine}` : `sha256:${sha256}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: entry.display });
          return;
        }
        this.storeStartup(
          entry.display,
          {
            identity,
            size,
            sha256,
            bundle,
            name: engine ? `${loc.stem} · ${engineLabel(engine)}` : loc.stem,
            format,
            importerVersion,
          },
          rec.result,
          report,
        );
        return;
      }
      case 'serving-point': {
        const { point, issues } = rec;
        // one of several results in a file (JSON Lines): its own point, `file#N`
        const suffix = rec.ordinal === undefined ? '' : `#${rec.ordinal}`;
        const display = `${entry.display}${suffix}`;
        const fromName = { ...pointAttributes(loc.stem), ...point.run };
        const part = loc.partDir ? partAttributes(loc.partDir) : null;
        // a file uploaded on its own has no folder: its stem is not an experiment folder (a descriptive
        // stem would otherwise name it and override the model the file states); it is named as
        // imported from a results folder would be
        const exp = servingExperiment(
          upload ? `upload/${loc.experiment}` : loc.experimentKey,
          upload ? '' : loc.experiment,
          {
            modelId: point.modelId,
            backend: str(point.metrics['backend']),
            label: str(point.metrics['label']),
          },
          fromName,
        );
        const experimentKey = exp.key;
        const sweepBench = sweepAttributes(loc.experiment)?.bench ?? null;
        // `vllm bench sweep`: the experiment is the serve combination, so a point is named with its
        // bench folder (run=0.json of max_concurrency=2 and of =4 are two points); a summary.json
        // entry is the run it repeats (its run_number), so both files give one point
        const runNumber = num(point.metrics['run_number']);
        const fromSummary = sweepBench !== null && /^summary$/i.test(loc.stem) && runNumber !== null;
        if (sweepBench !== null && /^warmup$/i.test(loc.stem)) {
          report.skipped.push({
            file: display,
            reason: 'vllm bench sweep warm-up run (--warmup-num-prompts): not a measured point',
          });
          return;
        }
        const file =
          sweepBench === null
            ? `${loc.fileInExperiment}${suffix}`
            : fromSummary
              ? `${loc.experiment}/run=${runNumber}.json`
              : `${loc.experiment}/${loc.fileInExperiment}${suffix}`;
        const identity = `sha256:${sha256}@${experimentKey}/${file}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: display });
          return;
        }
        if (fromSummary && this.store.hasServingPoint(experimentKey, file)) {
          report.skipped.push({
            file: display,
            reason: `the same run as ${file} (vllm bench sweep writes summary.json from its run=N.json files)`,
          });
          return;
        }
        // what the content says the run is, and the tool that wrote it, are filterable attributes
        const attributes: Attributes = { ...exp.attributes, ...point.run };
        if (point.tool) attributes['tool'] = point.tool;
        const hinted = fromName['concurrency'] ?? sweepBench?.['max_concurrency'];
        const model = typeof attributes['model'] === 'string' ? attributes['model'] : point.modelId;
        const res = this.store.insertServingPoint(
          {
            path: display,
            size,
            sha256,
            identity,
            format,
            importerVersion,
            bundle,
          },
          {
            key: experimentKey,
            name: exp.name,
            bundle,
            model,
            attributes,
            meta: {
              modelId: point.modelId,
              backend: str(point.metrics['backend']),
              endpointType: str(point.metrics['endpoint_type']),
              tool: point.tool ?? format,
            },
          },
          {
            file,
            part: typeof part?.['part'] === 'number' ? part['part'] : null,
            aggregate: part?.['aggregate'] === true,
            concurrency: point.concurrency ?? (typeof hinted === 'number' ? hinted : null),
            concurrencyUnbounded: point.concurrencyUnbounded && typeof hinted !== 'number',
            requestRate: point.requestRate,
            rateInfinite: point.rateInfinite,
            repeat:
              typeof fromName['repeat'] === 'number' ? fromName['repeat'] : fromSummary ? runNumber : null,
            completed: point.completed,
            failed: point.failed,
            numPrompts: point.numPrompts,
            durationS: point.durationS,
            date: point.date,
            metrics: point.metrics,
            flags: point.flags,
          },
          issues.map(({ line, message }) => ({ line, message })),
        );
        if (res.created && exp.scope !== null)
          this.toName.set(res.snapshotId, { created: res.name, scope: exp.scope, model, attributes });
        const limits = limitNotes(issues);
        report.imported.push({
          file: display,
          snapshotId: res.snapshotId,
          name: res.name,
          kind: 'serving',
          ...(limits.length > 0 ? { limits } : {}),
        });
        return;
      }
      case 'figure': {
        const identity = `sha256:${sha256}@figure/${bundle ?? ''}/${loc.stem}`;
        if (this.store.hasIdentity(identity)) {
          report.unchanged.push({ file: entry.display });
          return;
        }
        const name = entry.logicalPath.split(/[\\/]/).slice(-2).join('/');
        const id = this.store.insertFigure(
          { path: entry.display, size, sha256, identity, format, importerVersion, bundle },
          { bundle, name, mime: rec.mime, data: rec.data },
        );
        report.attached?.push({ file: entry.display, bundle, figureId: id });
        return;
      }
      default: {
        const never: never = rec;
        throw new Error(`unhandled ${String(never)}`);
      }
    }
  }

  private storeStartup(
    display: string,
    f: {
      identity: string;
      size: number;
      sha256: string;
      bundle: string | null;
      name: string;
      format: string;
      importerVersion: number;
    },
    parsed: StartupParseResult,
    report: ImportReport,
  ): void {
    const derived = derivePhases(parsed.measurements, 'slowest');
    if (parsed.knownMessages === 0) {
      // a vLLM log by its header, but no line the pattern table knows: nothing to show
      report.skipped.push({
        file: display,
        reason: 'vLLM log without any start-up message (no engine config, load, compile or ready line)',
      });
      return;
    }
    const meta: Meta = {
      ...parsed.meta,
      lines: parsed.stats.lines,
      duplicateLines: parsed.stats.duplicates,
      ...(parsed.stats.dropped > 0 ? { linesNotKept: parsed.stats.dropped } : {}),
    };
    const issues = [
      ...parsed.issues.map(({ line, message }) => ({ line, message })),
      ...derived.issues.map((message) => ({ line: null, message })),
    ];
    const limits = limitNotes(parsed.issues);
    const id = this.store.insertStartup(
      {
        path: display,
        size: f.size,
        sha256: f.sha256,
        identity: f.identity,
        format: f.format,
        importerVersion: f.importerVersion,
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
      ...(parsed.status !== 'complete'
        ? { status: parsed.status, note: parsed.statusReason ?? parsed.status }
        : {}),
      ...(limits.length > 0 ? { limits } : {}),
    });
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The import report's lines for what a size or memory bound left out of a file (at most 20). */
function limitNotes(issues: readonly { line: number | null; message: string; limit?: true }[]): string[] {
  const notes = issues
    .filter((i) => i.limit)
    .map((i) => (i.line === null ? i.message : `line ${i.line}: ${i.message}`));
  return notes.length > 20 ? [...notes.slice(0, 20), `${notes.length - 20} more limits`] : notes;
}

/** "ServeReplica:app:LLMServer:llama pid=12 ip=10.0.0.2" → "llama pid=12 ip=10.0.0.2". */
const engineLabel = (engine: string): string => engine.replace(/^ServeReplica:(?:[^: ]+:)*/, '');
