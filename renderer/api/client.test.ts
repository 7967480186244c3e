// @vitest-environment jsdom
// Tests for the HTTP side of the Api client: token handling, request shape, errors, output validation.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientFromTransport, getClient, takeToken } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  window.sessionStorage.clear();
});

describe('takeToken', () => {
  it('reads the token from the fragment once, keeps it and removes it from the URL', () => {
    window.history.replaceState(null, '', '/#token=abc_DEF-123');
    expect(takeToken()).toBe('abc_DEF-123');
    expect(window.location.hash).toBe('');
    expect(window.sessionStorage.getItem('benchlens.token')).toBe('abc_DEF-123');
    expect(takeToken()).toBe('abc_DEF-123');
  });
});

describe('http client', () => {
  it('posts JSON with the bearer token and parses outputs with the contract', async () => {
    window.history.replaceState(null, '', '/#token=tok123');
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        if (url.endsWith('/deleteSnapshot')) {
          return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no snapshot 9' } }), {
            status: 404,
          });
        }
        return new Response(JSON.stringify([]), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    const client = getClient();
    expect(client.transport).toBe('http');
    await expect(client.api.listSnapshots({})).resolves.toEqual([]);
    expect(calls[0]?.url).toBe('/api/listSnapshots');
    expect(calls[0]?.init.method).toBe('POST');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok123');
    expect(calls[0]?.init.body).toBe('{}');
    await expect(client.api.deleteSnapshot({ snapshot: 9 })).rejects.toThrow('no snapshot 9');
  });

  it('uploads a file as raw bytes to /api/upload and retries after a 503', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const report = {
      imported: [],
      unchanged: [],
      skipped: [],
      errors: [{ file: 'a b.log', line: null, message: 'x' }],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push({ url, init });
        if (calls.length === 1)
          return new Response(JSON.stringify({ error: { code: 'busy', message: 'busy' } }), {
            status: 503,
            headers: { 'Retry-After': '0' },
          });
        return new Response(JSON.stringify(report), { status: 200 });
      }),
    );
    const client = getClient();
    const file = new Blob(['hello']);
    await expect(client.upload?.('dir/a b.log', file)).resolves.toMatchObject(report);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.url).toBe('/api/upload?name=dir%2Fa%20b.log');
    expect(calls[1]?.init.body).toBe(file);
    expect((calls[1]?.init.headers as Record<string, string>)['Content-Type']).toBe(
      'application/octet-stream',
    );
  });

  it('rejects responses that do not match the contract', async () => {
    const client = clientFromTransport(async () => [{ id: 'not a number' }]);
    await expect(client.api.listSnapshots({})).rejects.toThrow(/listSnapshots: unexpected response/);
  });
});
