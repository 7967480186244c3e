// Where imports run: on a worker thread with its own connection when the worker script can be
// found (built app: import-worker.js beside the bundle; source tree: import-worker.ts through tsx),
// else in-process. Both report progress the same way and honour cancellation between files.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../../db/store';
import type { ImportReport } from '../../shared/model';
import { Importer, type ImportProgress } from './import';

export interface ImportRunner {
  importPaths(paths: readonly string[], signal?: AbortSignal): Promise<ImportReport>;
  importContents(
    files: readonly { name: string; content: string; encoding?: 'utf8' | 'base64' }[],
    signal?: AbortSignal,
  ): Promise<ImportReport>;
  /** Files staged on disk by a front door, reported under their uploaded names. */
  importStaged(files: readonly { name: string; path: string }[], signal?: AbortSignal): Promise<ImportReport>;
  readonly mode: 'worker' | 'in-process';
  close(): Promise<void>;
}

export function inProcessRunner(
  store: Store,
  progress: (p: ImportProgress) => void,
  batch = false,
): ImportRunner {
  // no batch transaction unless asked: the service may write on this connection between the files
  const importer = new Importer(store, progress, { batch });
  return {
    mode: 'in-process',
    importPaths: (paths, signal) => importer.importPaths(paths, signal),
    importContents: (files, signal) => importer.importContents(files, signal),
    importStaged: (files, signal) => importer.importStaged(files, signal),
    close: async () => {},
  };
}

function workerScript(): URL | null {
  for (const name of ['./import-worker.js', './import-worker-dev.mjs']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

type Reply =
  | { type: 'ready' }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; id: number; report: ImportReport }
  | { type: 'failed'; id: number; message: string };

export function workerRunner(
  init: { dbPath: string; nativeBinding?: string; migrationsDir?: string },
  progress: (p: ImportProgress) => void,
): ImportRunner | null {
  const script = workerScript();
  if (!script) return null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: ImportReport) => void; reject: (e: Error) => void }>();
  let dead: Error | null = null;
  // Started on the first import, so commands that only read (`benchlens list`) never pay for it.
  let started: Worker | null = null;
  const fail = (e: Error) => {
    dead = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const workerThread = (): Worker => {
    if (started !== null) return started;
    const worker = new Worker(script, { workerData: init });
    worker.unref();
    worker.on('message', (m: Reply) => {
      if (m.type === 'progress') progress(m.progress);
      else if (m.type === 'done') pending.get(m.id)?.resolve(m.report);
      else if (m.type === 'failed') pending.get(m.id)?.reject(new Error(m.message));
      if (m.type === 'done' || m.type === 'failed') pending.delete(m.id);
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => fail(new Error(`import worker stopped (exit ${code})`)));
    started = worker;
    return worker;
  };
  const send = (
    msg:
      | { type: 'importPaths'; paths: string[] }
      | { type: 'importContents'; files: { name: string; content: string; encoding?: 'utf8' | 'base64' }[] }
      | { type: 'importStaged'; files: { name: string; path: string }[] },
    signal?: AbortSignal,
  ) =>
    new Promise<ImportReport>((resolve, reject) => {
      if (dead) return reject(dead);
      const worker = workerThread();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      const onAbort = () => worker.postMessage({ type: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ ...msg, id });
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        if (pending.size === 0) worker.unref();
      };
      pending.set(id, {
        resolve: (r) => {
          settle();
          resolve(r);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
    });
  return {
    mode: 'worker',
    importPaths: (paths, signal) => send({ type: 'importPaths', paths: [...paths] }, signal),
    importContents: (files, signal) => send({ type: 'importContents', files: [...files] }, signal),
    importStaged: (files, signal) => send({ type: 'importStaged', files: [...files] }, signal),
    close: async () => {
      if (started === null) return;
      started.removeAllListeners('exit');
      await started.terminate();
    },
  };
}
