// Issue 9 (14): `serve` on a busy port exits non-zero with a message naming the port.
import { spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDb } from '../cli-helpers';
import { oneLine, record, writeTable } from './harness';

afterAll(() => writeTable('6-serve-port'));

describe('benchlens serve', () => {
  it('exits 1 when the port is taken, instead of hanging', async () => {
    const row = record('serve on a busy port', 'serve', null);
    row.goodImported = 'n/a';
    row.dbIntact = 'n/a';
    const busy = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin/benchlens.js'), 'serve', '--port', String(port), '--db', tempDb()],
        { encoding: 'utf8', env: { ...process.env, BENCHLENS_DB: '' }, timeout: 15_000 },
      );
      row.message = oneLine(r.stderr);
      row.alive = r.signal ? `killed at the time bound (${r.signal})` : `exits ${r.status}`;
      expect(r.signal).toBeNull(); // not killed by the timeout
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} is already in use on 127.0.0.1`);
    } finally {
      busy.close();
    }
  }, 90_000);
});
