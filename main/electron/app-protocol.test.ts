// Unit tests for the app:// scheme's pure part: which file a request URL names under out/renderer, its
// MIME type, and the refusals (foreign scheme or host, path traversal plain, encoded or with backslashes,
// malformed escapes).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, resolveAppFile } from './app-protocol';

const root = path.resolve('/opt/benchlens/out/renderer');

describe('resolveAppFile', () => {
  it('serves the entry page and the built assets with their types', () => {
    expect(resolveAppFile(root, APP_ENTRY_URL)).toEqual({
      kind: 'file',
      path: path.join(root, 'index.html'),
      mime: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://benchlens/')).toMatchObject({ path: path.join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://benchlens/assets/index-Bpjr7J1p.js?v=1#x')).toEqual({
      kind: 'file',
      path: path.join(root, 'assets', 'index-Bpjr7J1p.js'),
      mime: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://benchlens/assets/index.css')).toMatchObject({
      mime: 'text/css; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://benchlens/a%20b.svg')).toMatchObject({
      path: path.join(root, 'a b.svg'),
      mime: 'image/svg+xml',
    });
  });

  it('refuses paths that leave the renderer folder, however they are spelled', () => {
    for (const url of [
      'app://benchlens/..%2f..%2fsecrets.txt',
      'app://benchlens/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://benchlens/..%5c..%5csecrets.txt',
      'app://benchlens/%2e%2e%2f%2e%2e%2fsecrets.txt',
    ]) {
      expect(resolveAppFile(root, url), url).toMatchObject({ kind: 'refused', status: 403 });
    }
    // plain and %2e dot segments are folded by the URL parser and stay inside the root
    expect(resolveAppFile(root, 'app://benchlens/../../etc/passwd')).toMatchObject({
      path: path.join(root, 'etc', 'passwd'),
    });
    expect(resolveAppFile(root, 'app://benchlens/a/%2e%2e/%2e%2e/x.js')).toMatchObject({
      path: path.join(root, 'x.js'),
    });
  });

  it('refuses other schemes and hosts, malformed escapes and NUL', () => {
    expect(resolveAppFile(root, 'file:///opt/benchlens/out/renderer/index.html')).toMatchObject({
      status: 403,
    });
    expect(resolveAppFile(root, 'app://other/index.html')).toMatchObject({ status: 403 });
    expect(resolveAppFile(root, 'app://benchlens/%E0%A4%A.js')).toMatchObject({ status: 400 });
    expect(resolveAppFile(root, 'app://benchlens/index.html%00.js')).toMatchObject({ status: 400 });
    expect(resolveAppFile(root, 'not a url')).toMatchObject({ status: 400 });
  });
});
