// Import state machine for the renderer: over HTTP each picked/dropped file is sent as raw bytes to
// /api/upload; under Electron files are read (async, off the layout path) and sent in batches with
// importFiles. Follows importProgress events and merges the reports.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../shared/contract';
import { isImportableName } from '../../shared/import-formats';
import { emptyReport, type ImportReport } from '../../shared/model';
import type { Client } from '../api/client';

export type ImportStatus = 'idle' | 'reading' | 'uploading' | 'done' | 'failed';

export interface ImportState {
  status: ImportStatus;
  progress: EventPayload<'importProgress'> | null;
  report: ImportReport | null;
  error: string | null;
  /** Bytes picked, shown while reading/uploading before the core reports progress. */
  bytesPicked: number;
  filesPicked: number;
}

const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** `serve` streams uploads to disk: its limit (MAX_UPLOAD_BYTES in main/server/http.ts). */
const MAX_UPLOAD_FILE_BYTES = 300 * 1024 * 1024;
const MAX_BATCH_BYTES = 200 * 1024 * 1024;
const MAX_BATCH_FILES = 1000;
/** Sent as base64: archives (read by the core without extracting) and published figures. */
const BINARY = /\.(zip|tgz|tar\.gz|png)$/i;

/** Base64 of a file's bytes, in slices so large archives don't overflow the argument stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function readPicked(
  p: PickedFile,
): Promise<{ name: string; content: string; encoding: 'utf8' | 'base64' }> {
  return BINARY.test(p.name)
    ? { name: p.name, content: await base64Of(p.file), encoding: 'base64' }
    : { name: p.name, content: await p.file.text(), encoding: 'utf8' };
}

export interface PickedFile {
  /** Relative path when known (folder pick or drop), else the file name. */
  name: string;
  file: File;
}

/** What identifies one import's report whatever route carried it (response or event). */
export function reportKey(r: ImportReport): string {
  return JSON.stringify([
    r.imported.map((i) => [i.file, i.snapshotId]),
    r.unchanged.map((u) => u.file),
    r.skipped.map((x) => x.file),
    r.errors.map((e) => e.file),
    (r.attached ?? []).map((a) => a.file),
  ]);
}

/** Files a folder drop carries beside results (figures, scripts, notes, tables): one summary line. */
const BESIDE_RESULTS = /\.(png|jpe?g|gif|svg|py|sh|md|ipynb|yaml|yml|toml|csv)$/i;

/**
 * Which picked files go to the core, and the skipped ones with their reason. Every picked file is
 * accounted for in the report: the figures and scripts of a folder drop are one summary line
 * ("3 other files (.csv, .png)"), never dropped without a word.
 */
export function sortPicked(
  picked: readonly PickedFile[],
  maxBytes: number,
): { wanted: PickedFile[]; skipped: ImportReport['skipped'] } {
  const skipped: ImportReport['skipped'] = [];
  const wanted: PickedFile[] = [];
  const beside: string[] = [];
  for (const p of picked) {
    if (!isImportableName(p.name)) {
      if (picked.length > 1 && BESIDE_RESULTS.test(p.name)) beside.push(p.name);
      else skipped.push({ file: p.name, reason: 'not a file type BenchLens imports' });
      continue;
    }
    if (p.file.size > maxBytes) {
      skipped.push({ file: p.name, reason: `larger than ${maxBytes / (1024 * 1024)} MB` });
      continue;
    }
    wanted.push(p);
  }
  if (beside.length === 1 && beside[0] !== undefined) {
    skipped.push({ file: beside[0], reason: 'not a file type BenchLens imports' });
  } else if (beside.length > 1) {
    const exts = [...new Set(beside.map((n) => (/\.[^.]+$/.exec(n)?.[0] ?? '').toLowerCase()))].sort();
    skipped.push({
      file: `${beside.length} other files (${exts.join(', ')})`,
      reason: 'figures, scripts, notes or tables, not files BenchLens imports',
    });
  }
  return { wanted, skipped };
}

function merge(a: ImportReport, b: ImportReport): ImportReport {
  return {
    imported: [...a.imported, ...b.imported],
    unchanged: [...a.unchanged, ...b.unchanged],
    skipped: [...a.skipped, ...b.skipped],
    errors: [...a.errors, ...b.errors],
    attached: [...(a.attached ?? []), ...(b.attached ?? [])],
  };
}

/** Walks dropped folders (webkitGetAsEntry) into a flat list of files with relative paths. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return Array.from(dt.files).map((file) => ({ name: file.name, file }));
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      out.push({ name: `${prefix}${entry.name}`, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
          reader.readEntries(resolve, reject),
        );
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

export function pickedFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ name: file.webkitRelativePath || file.name, file }));
}

export function useImport(client: Client, onImported: () => void) {
  const [state, setState] = useState<ImportState>({
    status: 'idle',
    progress: null,
    report: null,
    error: null,
    bytesPicked: 0,
    filesPicked: 0,
  });

  // The reports our own requests returned: their importFinished events may arrive after the response
  // and must not replace the merged report of a multi-file upload with the last file's.
  const ownReports = useRef(new Set<string>());

  useEffect(
    () =>
      client.subscribe((event, payload) => {
        if (event === 'importProgress') {
          setState((s) => ({ ...s, progress: payload as EventPayload<'importProgress'> }));
        } else if (event === 'importFinished') {
          // imports started elsewhere (File menu, native dialog) report here too; our own uploads
          // are still in flight when their event arrives and show the response instead
          const { report } = payload as EventPayload<'importFinished'>;
          if (ownReports.current.delete(reportKey(report))) return;
          setState((s) =>
            s.status === 'reading' || s.status === 'uploading'
              ? s
              : { ...s, status: 'done', report, error: null },
          );
        }
      }),
    [client],
  );

  const importFiles = useCallback(
    async (picked: PickedFile[]) => {
      const maxBytes = client.upload ? MAX_UPLOAD_FILE_BYTES : MAX_FILE_BYTES;
      const { wanted, skipped } = sortPicked(picked, maxBytes);
      const bytes = wanted.reduce((sum, p) => sum + p.file.size, 0);
      setState({
        status: 'reading',
        progress: null,
        report: null,
        error: null,
        bytesPicked: bytes,
        filesPicked: wanted.length,
      });
      let report: ImportReport = { ...emptyReport(), skipped };
      ownReports.current.clear();
      const own = (r: ImportReport): ImportReport => {
        ownReports.current.add(reportKey(r));
        return r;
      };
      try {
        if (client.upload) {
          // over HTTP each file's bytes go as they are, one request each: nothing read into memory here
          setState((s) => ({ ...s, status: 'uploading' }));
          for (const p of wanted) report = merge(report, own(await client.upload(p.name, p.file)));
        } else if (wanted.length > 0) {
          const batches: PickedFile[][] = [];
          let current: PickedFile[] = [];
          let currentBytes = 0;
          for (const p of wanted) {
            if (
              current.length > 0 &&
              (current.length >= MAX_BATCH_FILES || currentBytes + p.file.size > MAX_BATCH_BYTES)
            ) {
              batches.push(current);
              current = [];
              currentBytes = 0;
            }
            current.push(p);
            currentBytes += p.file.size;
          }
          if (current.length > 0) batches.push(current);
          for (const batch of batches) {
            const files = await Promise.all(batch.map(readPicked));
            setState((s) => ({ ...s, status: 'uploading' }));
            report = merge(report, own(await client.api.importFiles({ files })));
          }
        }
        setState((s) => ({ ...s, status: 'done', report }));
        onImported();
      } catch (e) {
        setState((s) => ({
          ...s,
          status: 'failed',
          report,
          error: e instanceof Error ? e.message : String(e),
        }));
      }
    },
    [client, onImported],
  );

  /** Asks the core to download a GitHub repository's archive and import it. */
  const importGithub = useCallback(
    async (repo: string, ref: string) => {
      setState({
        status: 'uploading',
        progress: null,
        report: null,
        error: null,
        bytesPicked: 0,
        filesPicked: 0,
      });
      try {
        const report = await client.api.importGithub({ repo, ref });
        setState((s) => ({ ...s, status: 'done', report }));
        onImported();
      } catch (e) {
        setState((s) => ({ ...s, status: 'failed', error: e instanceof Error ? e.message : String(e) }));
      }
    },
    [client, onImported],
  );

  /** Stops the running import after the file in progress; the report still arrives. */
  const cancel = useCallback(() => {
    client.api
      .cancelImport({})
      .catch((e: unknown) => setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) })));
  }, [client]);

  const dismiss = useCallback(
    () => setState((s) => ({ ...s, status: 'idle', report: null, error: null, progress: null })),
    [],
  );

  return { state, importFiles, importGithub, cancel, dismiss };
}
