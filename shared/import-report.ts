// Merging import reports (one per committed transaction, archive or front door) into one, at any
// size: 190k files make 190k entries, appended one by one rather than spread into `push`.
import { appendAll } from './arrays';
import type { ImportReport } from './model';

/** Appends `from` to `into`; `file` rewrites every entry's file name (e.g. a staged path → the upload's). */
export function mergeReport(
  into: ImportReport,
  from: ImportReport,
  file?: (f: string) => string,
): ImportReport {
  const f = <T extends { file: string }>(xs: readonly T[]): readonly T[] =>
    file ? xs.map((x) => ({ ...x, file: file(x.file) })) : xs;
  appendAll(into.imported, f(from.imported));
  appendAll(into.unchanged, f(from.unchanged));
  appendAll(into.skipped, f(from.skipped));
  appendAll(into.errors, f(from.errors));
  if (from.attached && from.attached.length > 0) appendAll((into.attached ??= []), f(from.attached));
  return into;
}
