import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesFromArgv, isOpenable } from './open-files';

describe('filesFromArgv', () => {
  const existing = new Set([
    path.resolve('/runs/a.log'),
    path.resolve('/runs/b.tar.gz'),
    path.resolve('/home/u/conc16.json'),
  ]);
  const isFile = (p: string) => existing.has(p);

  it('keeps existing result files, resolved against the working directory, without duplicates', () => {
    const argv = [
      '/opt/BenchLens/benchlens',
      '--no-sandbox',
      'a.log',
      '/runs/b.tar.gz',
      'a.log',
      'conc16.json',
    ];
    expect(filesFromArgv(argv, '/runs', isFile)).toEqual([
      path.resolve('/runs/a.log'),
      path.resolve('/runs/b.tar.gz'),
    ]);
    expect(filesFromArgv(['exe', 'conc16.json'], '/home/u', isFile)).toEqual([
      path.resolve('/home/u/conc16.json'),
    ]);
  });

  it('ignores the executable, switches, the app folder and missing or unrelated files', () => {
    expect(
      filesFromArgv(['a.log', '.', '--inspect=9229', 'missing.log', 'notes.docx'], '/runs', isFile),
    ).toEqual([]);
  });

  it('knows the associated extensions, case-insensitively', () => {
    expect(['x.LOG', 'x.json', 'x.zip', 'x.tgz', 'x.tar.gz', 'x.txt'].every(isOpenable)).toBe(true);
    expect(['x.png', 'x.tar', 'x'].some(isOpenable)).toBe(false);
  });
});
