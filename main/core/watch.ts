// Watches result folders that a benchmark is still writing into: polls (portable, no native
// watchers), waits until a file's size and mtime stop changing, then imports the settled files.
// A JSON file caught half-written is retried when it changes again; it is reported only once settled.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ImportReport } from '../../shared/model';

export interface WatchOptions {
  intervalMs?: number;
  /** How long a file must stay unchanged before it counts as complete. */
  settleMs?: number;
}

interface FileState {
  size: number;
  mtimeMs: number;
  changedAt: number;
  importedSig: string | null;
}

const SKIP = new Set(['.git', 'node_modules', '__pycache__']);

export class FolderWatcher {
  readonly root: string;
  private files = new Map<string, FileState>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly intervalMs: number;
  private readonly settleMs: number;

  constructor(
    root: string,
    private readonly importFiles: (paths: string[]) => Promise<ImportReport>,
    private readonly onReport: (report: ImportReport) => void,
    opts: WatchOptions = {},
  ) {
    this.root = resolve(root);
    this.intervalMs = opts.intervalMs ?? 1000;
    this.settleMs = opts.settleMs ?? 2000;
  }

  async start(): Promise<void> {
    await stat(this.root); // a missing folder fails here, loudly
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async list(dir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // removed while we looked
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await this.list(p, out);
      else if (e.isFile()) out.push(p);
    }
  }

  /** One poll: note changes, import what has settled. Exposed for tests. */
  async tick(now = Date.now()): Promise<ImportReport | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const paths: string[] = [];
      await this.list(this.root, paths);
      const ready: string[] = [];
      for (const p of paths) {
        let st;
        try {
          st = await stat(p);
        } catch {
          continue;
        }
        const cur = this.files.get(p);
        if (!cur || cur.size !== st.size || cur.mtimeMs !== st.mtimeMs) {
          this.files.set(p, {
            size: st.size,
            mtimeMs: st.mtimeMs,
            changedAt: now,
            importedSig: cur?.importedSig ?? null,
          });
          continue;
        }
        const sig = `${st.size}:${st.mtimeMs}`;
        if (cur.importedSig !== sig && now - cur.changedAt >= this.settleMs) ready.push(p);
      }
      if (ready.length === 0) return null;
      const report = await this.importFiles(ready);
      for (const p of ready) {
        const f = this.files.get(p);
        if (f) f.importedSig = `${f.size}:${f.mtimeMs}`;
      }
      this.onReport(report);
      return report;
    } finally {
      this.busy = false;
    }
  }
}
