// Issue 9 (11): cancel reaches every import in flight, not only the latest one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCoreService } from './service';

describe('cancelImport', () => {
  it('cancels two imports running at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchlens-cancel-'));
    const log = readFileSync(
      new URL('../importers/vllm-startup-log/fixtures/vllm-serve-2026.log', import.meta.url),
      'utf8',
    );
    // large enough to span many read chunks, so both are mid-file when cancelled
    const a = join(dir, 'a.log');
    const b = join(dir, 'b.log');
    writeFileSync(a, log + `${'a'.repeat(99)}\n`.repeat(80_000));
    writeFileSync(b, log + `${'b'.repeat(99)}\n`.repeat(80_000));
    const svc = createCoreService({ dbPath: join(dir, 'db.sqlite') });
    try {
      const first = svc.handlers.importPaths({ paths: [a] });
      const second = svc.handlers.importPaths({ paths: [b] });
      await new Promise((r) => setImmediate(r));
      expect(await svc.handlers.cancelImport({})).toEqual({ cancelled: true });
      const [ra, rb] = await Promise.all([first, second]);
      expect(ra.skipped).toEqual([{ file: a, reason: 'import cancelled' }]);
      expect(rb.skipped).toEqual([{ file: b, reason: 'import cancelled' }]);
      expect(await svc.handlers.listSnapshots({})).toEqual([]);
    } finally {
      svc.close();
    }
  });
});
