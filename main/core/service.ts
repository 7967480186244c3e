// The core service: one implementation of every contract method over the SQLite store.
// No Electron, no HTTP: front doors reach it through callMethod (validated) or its handlers.
import { resolve as resolvePath } from 'node:path';
import { RestoreError, Store, type OpenOptions, type SnapshotRow } from '../../db/store';
import { compareSnapshots, includesManual, measuredTotal } from '../../shared/analysis';
import { configDiff } from '../../shared/config-diff';
import { compareServing, ServingCompareError } from '../../shared/serving-compare';
import type { EventName, EventPayload, Handlers } from '../../shared/contract';
import type {
  ImportReport,
  LibraryQuery,
  RankMode,
  SnapshotDetail,
  SnapshotSummary,
} from '../../shared/model';
import { ANNOTATABLE_PHASES, isAnnotatablePhase } from '../../shared/phases';
import { modelIdentities, setModelIdentity } from './model-identities';
import { derivePhases } from '../../shared/startup-phases';
import { CoreError } from './call';
import { downloadRepoArchive } from './github';
import { inProcessRunner, workerRunner, type ImportRunner } from './import-runner';
import { FolderWatcher } from './watch';
import type { CoreService, EventListener } from './types';

export interface CoreOptions extends OpenOptions {
  dbPath: string;
  /** Run imports on a worker thread with its own connection (default), or in-process. */
  importInWorker?: boolean;
  /**
   * In-process imports share one transaction between small files. Only for a caller that does
   * nothing else with the service while it imports (the CLI's `import`): other writes would join it.
   */
  batchInProcessImports?: boolean;
}

function summary(r: SnapshotRow, manual?: { count: number; measuredTotalS: number | null }): SnapshotSummary {
  return {
    ...(manual ? { manualCount: manual.count, measuredTotalS: manual.measuredTotalS } : {}),
    id: r.id,
    name: r.name,
    kind: r.kind,
    model: r.model,
    modelKey: r.modelKey,
    bundle: r.bundle,
    createdAt: r.createdAt,
    sourcePath: r.sourcePath,
    totalS: r.totalS,
    meta: r.meta,
    attributes: r.attributes,
    editedAttributes: r.editedAttributes,
  };
}

export function createCoreService(opts: CoreOptions): CoreService {
  const store = new Store(opts.dbPath, opts);
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners) l(event, payload);
  };
  const onProgress = (p: EventPayload<'importProgress'>) => emit('importProgress', p);
  const importer: ImportRunner =
    (opts.importInWorker !== false
      ? workerRunner(
          { dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, migrationsDir: opts.migrationsDir },
          onProgress,
        )
      : null) ?? inProcessRunner(store, onProgress, opts.batchInProcessImports === true);

  const find = (ref: number | string): SnapshotRow => {
    const row = store.findSnapshot(ref);
    if (!row)
      throw new CoreError('not_found', `no snapshot with id or name "${ref}" (see \`benchlens list\`)`);
    return row;
  };

  const page = (q: LibraryQuery) => {
    try {
      return store.listPage(q);
    } catch (e) {
      if (e instanceof RangeError) throw new CoreError('bad_input', e.message);
      throw e;
    }
  };

  const detail = (row: SnapshotRow, ranks: RankMode): SnapshotDetail => {
    if (row.kind !== 'startup' || !row.measurements) {
      return {
        ...summary(row),
        ranks,
        totalS: row.totalS ?? 0,
        wallClockS: null,
        phases: [],
        issues: row.issues,
      };
    }
    const d = derivePhases(row.measurements, ranks, store.manualValues(row.id));
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      model: row.model,
      modelKey: row.modelKey,
      bundle: row.bundle,
      createdAt: row.createdAt,
      sourcePath: row.sourcePath,
      meta: row.meta,
      attributes: row.attributes,
      editedAttributes: row.editedAttributes,
      ranks,
      totalS: d.totalS,
      wallClockS: d.wallClockS,
      phases: d.phases,
      issues: row.issues,
      ...(includesManual(d.phases)
        ? {
            manualCount: d.phases.filter((p) => p.source === 'manual').length,
            measuredTotalS: measuredTotal(d.phases),
          }
        : {}),
      scenarios: store.manualScenarios(row.id),
    };
  };

  const startup = (ref: number | string, ranks: RankMode): SnapshotDetail => {
    const row = find(ref);
    if (row.kind !== 'startup') {
      throw new CoreError(
        'bad_input',
        `"${row.name}" is a ${row.kind} snapshot; only start-up snapshots have phases`,
      );
    }
    return detail(row, ranks);
  };

  const watchers = new Map<string, FolderWatcher>();
  const watching = () => ({ watching: [...watchers.keys()].sort() });
  // every import in flight, so cancel reaches an earlier runaway one too, not only the latest
  const running = new Set<AbortController>();
  const withCancel = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const ctl = new AbortController();
    running.add(ctl);
    try {
      return await run(ctl.signal);
    } finally {
      running.delete(ctl);
    }
  };

  /** Tells front ends which snapshots changed (`ids`) or went (`removed`). */
  const changed = <T>(v: T, ids: number[], removed: number[] = []): T => {
    emit('snapshotsChanged', { ids, removed });
    return v;
  };
  /** An import's snapshots (new, or grown by a point); published figures belong to bundles: say nothing. */
  const importChanged = (report: ImportReport): ImportReport => {
    if ((report.attached?.length ?? 0) > 0) {
      emit('snapshotsChanged', {});
      return report;
    }
    return changed(report, [...new Set(report.imported.map((i) => i.snapshotId))]);
  };
  const imported = (report: ImportReport): ImportReport => {
    emit('importFinished', { report });
    return importChanged(report);
  };

  const handlers: Handlers = {
    listSnapshots: async (q) => {
      const manual = store.manualSummaries();
      return page(q).rows.map((r) => summary(r, manual.get(r.id)));
    },
    libraryPage: async (q) => {
      const p = page(q);
      const manual = store.manualSummaries();
      return {
        snapshots: p.rows.map((r) => summary(r, manual.get(r.id))),
        nextCursor: p.nextCursor,
        facets: store.libraryFacets(q),
      };
    },
    libraryFacets: async (q) => store.libraryFacets(q),
    getSnapshot: async ({ snapshot, ranks }) => detail(find(snapshot), ranks),
    compare: async ({ baseline, candidate, ranks, metrics, x, normalise }) => {
      const rb = find(baseline);
      const rc = find(candidate);
      if (rb.kind !== rc.kind)
        throw new CoreError(
          'bad_input',
          `"${rb.name}" is a ${rb.kind} snapshot and "${rc.name}" a ${rc.kind} one: compare two of the same kind`,
        );
      if (rb.kind === 'startup') {
        const b = detail(rb, ranks);
        const c = detail(rc, ranks);
        return { kind: 'startup', ...compareSnapshots(b, c, ranks), config: configDiff(b, c) };
      }
      const side = (r: SnapshotRow) => ({ ...summary(r), points: store.servingPoints(r.id) });
      try {
        return compareServing(side(rb), side(rc), { metrics, x, normalise });
      } catch (e) {
        if (e instanceof ServingCompareError) throw new CoreError('bad_input', e.message);
        throw e;
      }
    },
    importPaths: async ({ paths }) =>
      imported(await withCancel((signal) => importer.importPaths(paths, signal))),
    importGithub: async ({ repo, ref }) =>
      imported(
        await withCancel(async (signal) => {
          const dl = await downloadRepoArchive(repo, ref, {
            signal,
            onBytes: (n) =>
              emit('importProgress', {
                filesDone: 0,
                filesTotal: 1,
                bytesDone: n,
                bytesTotal: 0,
                file: `github:${repo}@${ref}`,
              }),
          });
          try {
            return await importer.importPaths([dl.file], signal);
          } finally {
            await dl.cleanup();
          }
        }),
      ),
    cancelImport: async () => {
      const all = [...running];
      for (const ctl of all) ctl.abort();
      return { cancelled: all.length > 0 };
    },
    servingPoints: async ({ snapshot }) => {
      const row = find(snapshot);
      if (row.kind !== 'serving')
        throw new CoreError('bad_input', `"${row.name}" is a ${row.kind} snapshot; it has no serving points`);
      const full = store.snapshotSummary(row.id) ?? row;
      return { snapshot: summary(full), points: store.servingPoints(row.id) };
    },
    setAttributes: async ({ snapshot, attributes }) => {
      const row = find(snapshot);
      store.setAttributes(row.id, attributes);
      return changed(summary(find(row.id)), [row.id]);
    },
    watchFolder: async ({ path }) => {
      const w = new FolderWatcher(
        path,
        (files) => importer.importPaths(files),
        (report) => {
          if (report.imported.length + report.errors.length + (report.attached?.length ?? 0) === 0) return;
          emit('watchReport', { folder: w.root, report });
          importChanged(report);
        },
      );
      if (watchers.has(w.root)) return watching();
      try {
        await w.start();
      } catch (e) {
        throw new CoreError(
          'not_found',
          `cannot watch ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
      }
      watchers.set(w.root, w);
      return watching();
    },
    unwatchFolder: async ({ path }) => {
      for (const [root, w] of watchers) {
        if (root === path || root === resolvePath(path)) {
          w.stop();
          watchers.delete(root);
        }
      }
      return watching();
    },
    listWatches: async () => watching(),
    figures: async ({ snapshot }) => store.figuresFor(find(snapshot)),
    figure: async ({ id }) => {
      const f = store.figure(id);
      if (!f) throw new CoreError('not_found', `no figure ${id}`);
      return { id, name: f.name, mime: f.mime, base64: f.data.toString('base64') };
    },
    importFiles: async ({ files }) =>
      imported(await withCancel((signal) => importer.importContents(files, signal))),
    annotate: async ({ snapshot, phase, valueS, note, scenario }) => {
      const row = find(snapshot);
      if (row.kind !== 'startup' || !row.measurements) {
        throw new CoreError(
          'bad_input',
          `"${row.name}" is a ${row.kind} snapshot; manual phase values apply to start-up snapshots`,
        );
      }
      const m = row.measurements;
      // Removing stays possible for any id (values written before ids were checked); adding needs a known id.
      if (valueS !== null && !isAnnotatablePhase(phase))
        throw new CoreError(
          'bad_input',
          `unknown phase "${phase}"; valid phases: ${ANNOTATABLE_PHASES.join(', ')}`,
        );
      store.setManual(
        row.id,
        phase,
        valueS,
        note,
        (manual) => derivePhases(m, 'slowest', manual).totalS,
        scenario,
      );
      return changed(detail(find(row.id), 'slowest'), [row.id]);
    },
    setScenario: async ({ snapshot, scenario, action }) => {
      const row = find(snapshot);
      const m = row.measurements;
      if (row.kind !== 'startup' || !m)
        throw new CoreError('bad_input', `"${row.name}" is a ${row.kind} snapshot; it has no manual values`);
      const known = store.manualScenarios(row.id).map((x) => x.scenario);
      if (!known.includes(scenario))
        throw new CoreError(
          'not_found',
          `"${row.name}" has no manual scenario "${scenario}"${known.length ? ` (it has: ${known.map((k) => (k === '' ? '(unnamed)' : `"${k}"`)).join(', ')})` : ' (it has no manual values)'}`,
        );
      store.setScenario(row.id, scenario, action, (manual) => derivePhases(m, 'slowest', manual).totalS);
      return changed(detail(find(row.id), 'slowest'), [row.id]);
    },
    renameSnapshot: async ({ snapshot, name }) => {
      const row = find(snapshot);
      const other = store.findSnapshot(name);
      if (other && other.id !== row.id)
        throw new CoreError('bad_input', `a snapshot named "${name}" exists already (id ${other.id})`);
      store.renameSnapshot(row.id, name);
      return changed(summary(find(row.id)), [row.id]);
    },
    phaseEvents: async ({ snapshot, phase }) => {
      const d = startup(snapshot, 'slowest');
      const p = d.phases.find((x) => x.id === phase);
      if (!p) throw new CoreError('not_found', `snapshot "${d.name}" has no phase "${phase}"`);
      return store.events(d.id, p.lines);
    },
    exportFigure: async (input) => {
      // figure and report rendering (react-dom, d3, resvg, pdfkit) load on first use, not with every command
      const { exportFigure } = await import('./export/figure-request');
      return exportFigure(input, {
        startup,
        serving: (ref) => {
          const row = find(ref);
          if (row.kind !== 'serving')
            throw new CoreError(
              'bad_input',
              `"${row.name}" is a ${row.kind} snapshot; this figure needs serving snapshots`,
            );
          const full = store.snapshotSummary(row.id) ?? row;
          return { snapshot: summary(full), points: store.servingPoints(row.id) };
        },
      });
    },
    exportReport: async ({ snapshots, ranks, normalise, title, published }) => {
      const { buildReport, reportFileName } = await import('./export/report');
      // the library row of each snapshot (serving aggregates included), one at a time: no full scan
      const full = (ref: number | string): SnapshotSummary => {
        const row = find(ref);
        return summary(store.snapshotSummary(row.id) ?? row);
      };
      const html = buildReport(
        {
          snapshot: full,
          startup: (id, r) => detail(find(id), r),
          servingPoints: (id) => store.servingPoints(id),
          events: (id, lines) => store.events(id, lines),
          sourceFiles: (id) => store.sourceFiles(id),
          publishedFigures: (id) =>
            store.figuresFor(find(id)).flatMap((f) => {
              const fig = f.matches ? store.figure(f.id) : null;
              return fig ? [{ name: f.name, mime: fig.mime, data: fig.data }] : [];
            }),
        },
        snapshots,
        { ranks, normalise, title, published },
      );
      return { fileName: reportFileName(snapshots.map(full)), mime: 'text/html', html };
    },
    deleteSnapshot: async ({ snapshot }) => {
      const id = find(snapshot).id;
      const token = store.deleteSnapshotWithUndo(id);
      return changed(
        { deleted: token === null ? 0 : 1, ...(token === null ? {} : { restoreToken: token }) },
        [],
        token === null ? [] : [id],
      );
    },
    restoreSnapshot: async ({ token }) => {
      try {
        const restored = summary(find(store.restoreSnapshot(token)));
        return changed(restored, [restored.id]);
      } catch (e) {
        if (e instanceof RestoreError) throw new CoreError(e.code, e.message);
        throw e;
      }
    },
    listDeleted: async () => store.trashEntries(),
    listModelIdentities: async () => modelIdentities(store),
    setModelIdentity: async (input) => {
      const result = setModelIdentity(store, input);
      emit('snapshotsChanged', {}); // an identity spans snapshots: every row's model key may change
      return result;
    },
  };

  return {
    handlers,
    importStaged: async (files) =>
      imported(await withCancel((signal) => importer.importStaged(files, signal))),
    dbPath: opts.dbPath,
    importMode: importer.mode,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const w of watchers.values()) w.stop();
      watchers.clear();
      listeners.clear();
      void importer.close();
      store.close();
    },
  };
}
