import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS, importAccept, isImportableName } from '../../shared/import-formats';
import { detectFormat } from './detect';
import { IMPORTERS } from './registry';

describe('importer registry', () => {
  it('pairs every importer with its front-door entry, one each, in the same order', () => {
    expect(IMPORTERS.map((i) => i.format)).toEqual(IMPORT_FORMATS.map((f) => f.format));
  });

  it('gives pickers every extension of every format plus the archives', () => {
    expect(importAccept().split(',')).toEqual([
      '.png',
      '.json',
      '.log',
      '.txt',
      '.out',
      '.zip',
      '.tgz',
      '.gz',
    ]);
    expect(isImportableName('run/x.tar.gz')).toBe(true);
    expect(isImportableName('notes.md')).toBe(false);
  });

  it('detects by content, whatever the extension says', () => {
    const log = Buffer.from('INFO 05-06 10:00:00 [core.py:1] Loading weights took 1.5 seconds\n');
    expect(detectFormat('results.json', log)).toEqual({ format: 'vllm-startup-log' });
    const json = Buffer.from('{"request_throughput": 1.5, "mean_ttft_ms": 20}');
    expect(detectFormat('out.log', json)).toEqual({ format: 'vllm-bench-json' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(detectFormat('fig.bin', png)).toEqual({ format: 'png' });
    expect(detectFormat('x.dat', Buffer.from([1, 0, 2]))).toEqual({
      format: 'unknown',
      reason: 'binary file',
    });
    expect(detectFormat('a.json', Buffer.from('{"a": 1}'))).toEqual({
      format: 'unknown',
      reason: 'JSON that is not a `vllm bench serve` result',
    });
  });
});
