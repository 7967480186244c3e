// Which command-line arguments are result files to open: a file association or "Open with" starts
// BenchLens (or a second instance) with their paths in argv (Windows, Linux); macOS sends open-file
// events instead. Switches, the executable, the app folder and unknown extensions are left alone.
import path from 'node:path';

/** Extensions the installers associate with BenchLens (electron-builder.yml fileAssociations). */
export const OPENABLE_EXTENSIONS = ['.log', '.txt', '.json', '.zip', '.tar.gz', '.tgz', '.gz'] as const;

export function isOpenable(file: string): boolean {
  const lower = file.toLowerCase();
  return OPENABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * The files among `argv` (process.argv or a second instance's argv; argv[0] is the executable),
 * resolved against `cwd`, de-duplicated, in order. `isFile` is fs-backed in the app, stubbed in tests.
 */
export function filesFromArgv(
  argv: readonly string[],
  cwd: string,
  isFile: (p: string) => boolean,
): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !isOpenable(arg)) continue;
    const full = path.resolve(cwd, arg);
    if (isFile(full) && !files.includes(full)) files.push(full);
  }
  return files;
}
