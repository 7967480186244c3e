// The Electron runtime download's network behaviour without the network: the probe gives up on a
// host that accepts connections but never answers, and a failure is remembered for a while.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  electronDownloadUrl,
  forgetDownloadFailure,
  probeDownload,
  readDownloadFailure,
  rememberDownloadFailure,
  RETRY_AFTER_MS,
} from './electron-native.mjs';

const servers = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${server.address().port}/v1/electron.zip`;
}

describe('probeDownload', () => {
  it('gives up on a host that never answers, with a reason naming it', async () => {
    const url = await serve(() => {}); // accepts, then silence: a network dropping packets
    await expect(probeDownload(url, { timeoutMs: 300 })).resolves.toMatch(
      /^no answer from 127\.0\.0\.1:\d+ within 0.3 s$/,
    );
  });

  it('reports an HTTP error, and accepts a reachable archive', async () => {
    const missing = await serve((_req, res) => res.writeHead(404).end());
    await expect(probeDownload(missing)).resolves.toMatch(/answered HTTP 404$/);
    const ok = await serve((req, res) => res.writeHead(req.method === 'HEAD' ? 200 : 405).end());
    await expect(probeDownload(ok)).resolves.toBeNull();
  });

  it('reports a refused connection as unreachable', async () => {
    const url = await serve(() => {});
    await new Promise((r) => servers.pop().close(r));
    await expect(probeDownload(url)).resolves.toMatch(/is unreachable \(/);
  });
});

describe('remembered download failures', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'benchlens-dl-')), 'failed.json');

  it('are honoured for RETRY_AFTER_MS, for the same Electron version only', () => {
    rememberDownloadFailure('no answer from github.com within 15 s', { now: 1000, version: '39.8.10', file });
    expect(readDownloadFailure({ now: 2000, version: '39.8.10', file })).toEqual({
      reason: 'no answer from github.com within 15 s',
      failedAtMs: 1000,
      retryAtMs: 1000 + RETRY_AFTER_MS,
    });
    expect(readDownloadFailure({ now: 1000 + RETRY_AFTER_MS, version: '39.8.10', file })).toBeNull();
    expect(readDownloadFailure({ now: 2000, version: '40.0.0', file })).toBeNull();
    forgetDownloadFailure({ file });
    expect(readDownloadFailure({ now: 2000, version: '39.8.10', file })).toBeNull();
  });
});

describe('electronDownloadUrl', () => {
  it('names the archive @electron/get downloads, honouring ELECTRON_MIRROR', () => {
    expect(electronDownloadUrl('39.8.10', { platform: 'darwin', arch: 'arm64', env: {} })).toBe(
      'https://github.com/electron/electron/releases/download/v39.8.10/electron-v39.8.10-darwin-arm64.zip',
    );
    expect(
      electronDownloadUrl('39.8.10', {
        platform: 'linux',
        arch: 'x64',
        env: { ELECTRON_MIRROR: 'https://m.example/e' },
      }),
    ).toBe('https://m.example/e/v39.8.10/electron-v39.8.10-linux-x64.zip');
  });
});
