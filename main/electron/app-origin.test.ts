// Unit tests for the Electron shell's notion of "the app": which pages may navigate, send IPC and
// load resources, and which links may be handed to the system browser.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppOrigin, externalLink } from './app-origin';

const rendererDir = path.resolve('/opt/benchlens/out/renderer');
const index = 'app://benchlens/index.html';
const fileIndex = pathToFileURL(path.join(rendererDir, 'index.html')).href;

describe('createAppOrigin (built files)', () => {
  const origin = createAppOrigin(rendererDir, null);

  it('loads the built index.html from app://, not file://', () => {
    expect(origin.entryUrl).toBe(index);
    expect(origin.rendererRoot).toBe(rendererDir);
    expect(origin.devServerUrl).toBeNull();
  });

  it('accepts only its own index page, with any hash or query', () => {
    expect(origin.isAppPage(index)).toBe(true);
    expect(origin.isAppPage('app://benchlens/')).toBe(true);
    expect(origin.isAppPage(`${index}#/compare/1/2`)).toBe(true);
    expect(origin.isAppPage(`${index}?x=1`)).toBe(true);
    expect(origin.isAppPage(fileIndex)).toBe(false);
    expect(origin.isAppPage('app://benchlens/other.html')).toBe(false);
    expect(origin.isAppPage('app://evil/index.html')).toBe(false);
    expect(origin.isAppPage(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(origin.isAppPage('https://example.com/')).toBe(false);
    expect(origin.isAppPage('not a url')).toBe(false);
  });

  it('allows requests for app:// files and inline data only', () => {
    expect(origin.isAllowedRequest('app://benchlens/assets/index.js')).toBe(true);
    expect(origin.isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(origin.isAllowedRequest('blob:app://benchlens/1234')).toBe(true);
    expect(origin.isAllowedRequest('app://other/x.js')).toBe(false);
    expect(origin.isAllowedRequest(pathToFileURL(path.join(rendererDir, 'assets', 'index.js')).href)).toBe(
      false,
    );
    expect(origin.isAllowedRequest(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(origin.isAllowedRequest('https://cdn.example.com/lib.js')).toBe(false);
    expect(origin.isAllowedRequest('http://localhost:5173/')).toBe(false);
    expect(origin.isAllowedRequest('ws://localhost:5173/')).toBe(false);
  });
});

describe('createAppOrigin (dev server)', () => {
  const origin = createAppOrigin(rendererDir, 'http://localhost:5173/');

  it('treats the dev server origin as the app', () => {
    expect(origin.entryUrl).toBe('http://localhost:5173/');
    expect(origin.isAppPage('http://localhost:5173/#x')).toBe(true);
    expect(origin.isAppPage('http://localhost:5174/')).toBe(false);
    expect(origin.isAppPage(index)).toBe(false);
    expect(origin.isAllowedRequest('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(origin.isAllowedRequest('ws://localhost:5173/')).toBe(true);
    expect(origin.isAllowedRequest('https://example.com/')).toBe(false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    const odd = createAppOrigin(rendererDir, 'file:///tmp/evil.html');
    expect(odd.devServerUrl).toBeNull();
    expect(odd.entryUrl).toBe(index);
  });
});

describe('externalLink', () => {
  it('passes plain http(s) links and refuses everything else', () => {
    expect(externalLink('https://github.com/vllm-project/vllm')).toBe('https://github.com/vllm-project/vllm');
    expect(externalLink('http://example.com/a?b=c')).toBe('http://example.com/a?b=c');
    expect(externalLink('file:///etc/passwd')).toBeNull();
    expect(externalLink('javascript:alert(1)')).toBeNull();
    expect(externalLink('smb://host/share')).toBeNull();
    expect(externalLink('https://user:pw@example.com/')).toBeNull();
    expect(externalLink('::')).toBeNull();
  });
});
