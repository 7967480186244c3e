// Integration tests for the HTTP front door against an in-memory CoreService double:
// token and Host checks, static files without traversal, contract errors as JSON, and SSE delivery.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  METHODS,
  type EventName,
  type EventPayload,
  type Handlers,
  type Method,
} from '../../shared/contract';
import type { ImportReport, SnapshotSummary } from '../../shared/model';
import { CoreError } from '../core/call';
import type { CoreService, EventListener } from '../core/types';
import { startHttpServer, type HttpServerHandle } from './http';

function makeFakeService(): CoreService & {
  emit<E extends EventName>(e: E, p: EventPayload<E>): void;
  listeners: Set<EventListener>;
  /** What importStaged saw: the upload's name, its staged path and bytes. */
  staged: { name: string; path: string; content: Buffer }[];
} {
  const staged: { name: string; path: string; content: Buffer }[] = [];
  const snapshots: SnapshotSummary[] = [];
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const l of listeners) l(event, payload);
  };
  const notImplemented = (): Promise<never> => Promise.reject(new CoreError('internal', 'not in this fake'));
  // Methods these tests do not exercise reject, so the double keeps compiling as the contract grows.
  const fallback = Object.fromEntries(METHODS.map((m) => [m, notImplemented])) as Record<
    Method,
    () => Promise<never>
  >;
  const handlers: Handlers = {
    ...fallback,
    listSnapshots: () => Promise.resolve(snapshots),
    getSnapshot: ({ snapshot }) =>
      Promise.reject(new CoreError('not_found', `no snapshot ${String(snapshot)}`)),
    importFiles: ({ files }) => {
      const report: ImportReport = { imported: [], unchanged: [], skipped: [], errors: [] };
      files.forEach((f, i) => {
        emit('importProgress', {
          filesDone: i + 1,
          filesTotal: files.length,
          bytesDone: 0,
          bytesTotal: 0,
          file: f.name,
        });
        const id = snapshots.length + 1;
        snapshots.push({
          id,
          name: f.name,
          kind: 'startup',
          model: null,
          bundle: null,
          createdAt: '2025-01-01T00:00:00.000Z',
          sourcePath: f.name,
          totalS: 1,
          meta: {},
          attributes: {},
          editedAttributes: [],
        });
        report.imported.push({ file: f.name, snapshotId: id, name: f.name, kind: 'startup' });
      });
      emit('snapshotsChanged', {});
      return Promise.resolve(report);
    },
    deleteSnapshot: () => Promise.reject(new Error('disk on fire')),
  };
  return {
    handlers,
    staged,
    // as the real service: staged files import (and emit events) as their contents would
    importStaged: async (files) => {
      const contents: { name: string; content: string; encoding: 'utf8' }[] = [];
      for (const f of files) {
        const content = await readFile(f.path);
        staged.push({ ...f, content });
        contents.push({ name: f.name, content: content.toString('utf8'), encoding: 'utf8' });
      }
      return handlers.importFiles({ files: contents });
    },
    dbPath: ':memory:',
    importMode: 'in-process',
    listeners,
    emit,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {},
  };
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('startHttpServer', () => {
  let dir: string;
  let staticDir: string;
  let server: HttpServerHandle;
  let service: ReturnType<typeof makeFakeService>;

  const api = (method: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    raw(server.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'benchlens-http-'));
    staticDir = path.join(dir, 'renderer');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>BenchLens</title>');
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
    await writeFile(path.join(dir, 'secret.txt'), 'TOP SECRET');
    service = makeFakeService();
    server = await startHttpServer({ service, staticDir });
  });

  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('serves index.html and assets with MIME types and security headers, without a token', async () => {
    const index = await raw(server.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    const js = await raw(server.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await raw(server.port, { path: '/nope.js' })).status).toBe(404);
  });

  it('requires the bearer token on /api', async () => {
    const none = await raw(server.port, {
      method: 'POST',
      path: '/api/listSnapshots',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await api('listSnapshots', {}, { Authorization: `Bearer ${server.token.slice(1)}x` });
    expect(wrong.status).toBe(401);
    const ok = await api('listSnapshots', {});
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(ok.body)).toEqual([]);
  });

  it('rejects a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const rebound = await raw(server.port, { path: '/', headers: { Host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(421);
    const apiRebound = await api('listSnapshots', {}, { Host: `evil.example:${server.port}` });
    expect(apiRebound.status).toBe(421);
    const localhost = await api('listSnapshots', {}, { Host: `localhost:${server.port}` });
    expect(localhost.status).toBe(200);
    const crossOrigin = await api('listSnapshots', {}, { Origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await api('listSnapshots', {}, { Origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(200);
  });

  it('rejects directory traversal in every spelling', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
    ]) {
      const res = await raw(server.port, { path: p });
      expect(res.status, p).not.toBe(200);
      expect(res.body, p).not.toContain('TOP SECRET');
    }
  });

  it('answers bad input with 400 and the validation message, unknown methods with bad_method', async () => {
    const bad = await api('getSnapshot', { snapshot: -3 });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/^getSnapshot: snapshot: /);
    const extra = await api('listSnapshots', { surprise: true });
    expect(extra.status).toBe(400);
    const notJson = await raw(server.port, {
      method: 'POST',
      path: '/api/listSnapshots',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ error: { code: 'bad_input' } });
    const unknown = await api('dropTables', {});
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'bad_method' } });
  });

  it('maps not_found to 404, plain errors to 500 without a stack, and requires JSON content', async () => {
    const missing = await api('getSnapshot', { snapshot: 42 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: { code: 'not_found', message: 'no snapshot 42' } });
    const broken = await api('deleteSnapshot', { snapshot: 1 });
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body)).toEqual({ error: { code: 'internal', message: 'disk on fire' } });
    const form = await api('listSnapshots', {}, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('delivers core events over server-sent events and unsubscribes on disconnect', async () => {
    expect((await raw(server.port, { path: '/api/events' })).status).toBe(401);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/events?token=${server.token}`,
          headers: { Host: `127.0.0.1:${server.port}` },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          let triggered = false;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (!triggered && text.includes(': connected')) {
              triggered = true;
              void api('importFiles', { files: [{ name: 'a.log', content: 'x' }] });
            }
            if (text.includes('event: snapshotsChanged')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (err) => {
        if (!('code' in err && err.code === 'ECONNRESET')) reject(err);
      });
      req.end();
    });
    expect(received).toContain('event: importProgress\ndata: {"filesDone":1,"filesTotal":1');
    expect(received).toContain('event: snapshotsChanged\ndata: {}\n\n');
    await expect.poll(() => service.listeners.size).toBe(0);
  });

  it('answers 503 with a build hint when the renderer has not been built', async () => {
    const empty = await startHttpServer({ service, staticDir: path.join(dir, 'missing') });
    try {
      const res = await raw(empty.port, { path: '/' });
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await empty.close();
    }
  });
});

describe('startHttpServer limits (issue 9)', () => {
  let server: HttpServerHandle;
  let staticDir: string;
  beforeEach(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'benchlens-http-limits-'));
    server = await startHttpServer({ service: makeFakeService(), staticDir, bodyIdleMs: 300 });
  });
  afterEach(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  /** Starts an upload that declares 2 MB and sends only its first bytes; resolves with its response. */
  function stalledUpload(): { response: Promise<RawResponse>; abort: () => void } {
    let abort = () => {};
    const response = new Promise<RawResponse>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/importFiles',
          headers: {
            Host: `127.0.0.1:${server.port}`,
            Authorization: `Bearer ${server.token}`,
            'Content-Type': 'application/json',
            'Content-Length': String(2 * 1024 * 1024),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
      req.write('{"files": [');
      abort = () => req.destroy();
    });
    return { response, abort };
  }

  it('cuts off a body that stalls (408), and the server answers the next request', async () => {
    const { response } = stalledUpload();
    await expect(response).resolves.toMatchObject({ status: 408 });
    const next = await raw(server.port, { path: '/' });
    expect(next.status).not.toBe(0);
  });

  it('refuses a second upload while one is being read (503 with Retry-After)', async () => {
    const first = stalledUpload();
    // let the first reach the handler before the second arrives
    await new Promise((r) => setTimeout(r, 50));
    const second = await raw(server.port, {
      method: 'POST',
      path: '/api/importFiles',
      headers: {
        Authorization: `Bearer ${server.token}`,
        'Content-Type': 'application/json',
        'Content-Length': String(2 * 1024 * 1024),
      },
    });
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('5');
    first.abort();
    await first.response.catch(() => null);
  });
});

describe('startHttpServer JSON bodies (issue 9)', () => {
  let server: HttpServerHandle;
  let staticDir: string;
  beforeEach(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'benchlens-http-json-'));
    server = await startHttpServer({ service: makeFakeService(), staticDir, bodyIdleMs: 60_000 });
  });
  afterEach(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('gives the upload slot back as soon as a client abandons a large JSON body', async () => {
    const headers = {
      Authorization: `Bearer ${server.token}`,
      'Content-Type': 'application/json',
      'Content-Length': String(2 * 1024 * 1024),
    };
    const first = request({
      host: '127.0.0.1',
      port: server.port,
      method: 'POST',
      path: '/api/importFiles',
      headers: { Host: `127.0.0.1:${server.port}`, ...headers },
    });
    first.on('error', () => undefined);
    first.write('{"files": [');
    await expect
      .poll(
        async () => (await raw(server.port, { method: 'POST', path: '/api/importFiles', headers })).status,
      )
      .toBe(503);
    first.destroy();
    // without waiting for the 60 s idle clock: the next large body is read (and found short of JSON)
    await expect
      .poll(
        async () =>
          (
            await raw(server.port, {
              method: 'POST',
              path: '/api/importFiles',
              headers: { ...headers, 'Content-Length': String(2 * 1024 * 1024 + 3) },
              body: '{' + ' '.repeat(2 * 1024 * 1024 + 1) + '}',
            })
          ).status,
      )
      .toBe(400);
  });

  it('refuses a JSON body declared over 32 MB (413), an importFiles body over 400 MB', async () => {
    const headers = (bytes: number) => ({
      Authorization: `Bearer ${server.token}`,
      'Content-Type': 'application/json',
      'Content-Length': String(bytes),
    });
    const call = await raw(server.port, {
      method: 'POST',
      path: '/api/listSnapshots',
      headers: headers(33 * 1024 * 1024),
    });
    expect(call.status).toBe(413);
    expect(JSON.parse(call.body)).toMatchObject({ error: { code: 'too_large' } });
    const files = await raw(server.port, {
      method: 'POST',
      path: '/api/importFiles',
      headers: headers(401 * 1024 * 1024),
    });
    expect(files.status).toBe(413);
  });
});

describe('startHttpServer uploads (issue 9: streamed, bounded, cleaned up)', () => {
  let server: HttpServerHandle;
  let service: ReturnType<typeof makeFakeService>;
  let staticDir: string;
  let uploadTmpDir: string;
  beforeEach(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'benchlens-http-up-'));
    uploadTmpDir = await mkdtemp(path.join(tmpdir(), 'benchlens-http-uptmp-'));
    service = makeFakeService();
    server = await startHttpServer({
      service,
      staticDir,
      uploadTmpDir,
      maxUploadBytes: 64 * 1024,
      bodyIdleMs: 2_000,
      bodyTimeMs: 400,
    });
  });
  afterEach(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
    await rm(uploadTmpDir, { recursive: true, force: true });
  });

  const uploadHeaders = (): Record<string, string> => ({
    Authorization: `Bearer ${server.token}`,
    'Content-Type': 'application/octet-stream',
  });
  const leftovers = () => readdir(uploadTmpDir);

  /** An upload sent in pieces (chunked, no Content-Length); `next` writes one piece, `end` finishes. */
  function pieces(name: string): {
    response: Promise<RawResponse>;
    write: (s: string) => void;
    end: () => void;
    abort: () => void;
  } {
    let req!: ReturnType<typeof request>;
    const response = new Promise<RawResponse>((resolve, reject) => {
      req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/api/upload?name=${encodeURIComponent(name)}`,
          headers: { Host: `127.0.0.1:${server.port}`, ...uploadHeaders() },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
    });
    return {
      response,
      write: (s) => req.write(s),
      end: () => req.end(),
      abort: () => req.destroy(),
    };
  }

  it('stages the body on disk under the upload name, imports it, and removes the folder', async () => {
    const body = 'INFO 01-01 00:00:00 line\n'.repeat(1000);
    const res = await raw(server.port, {
      method: 'POST',
      path: `/api/upload?name=${encodeURIComponent('bundle/exp/run.log')}`,
      headers: uploadHeaders(),
      body,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ imported: [{ file: 'bundle/exp/run.log' }] });
    expect(service.staged).toHaveLength(1);
    const [seen] = service.staged;
    expect(seen?.name).toBe('bundle/exp/run.log');
    expect(path.basename(seen?.path ?? '')).toBe('run.log');
    expect(seen?.path.startsWith(uploadTmpDir + path.sep)).toBe(true);
    expect(seen?.content.toString()).toBe(body);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a declared size over the limit (413) before reading, and a body that grows past it', async () => {
    const declared = await raw(server.port, {
      method: 'POST',
      path: '/api/upload?name=big.log',
      headers: { ...uploadHeaders(), 'Content-Length': String(10 * 1024 * 1024) },
    }).catch((e: unknown) => e);
    expect(declared).toMatchObject({ status: 413 });
    const grown = pieces('big.log');
    grown.write('x'.repeat(40 * 1024));
    grown.write('x'.repeat(40 * 1024));
    const r = await grown.response.catch((e: unknown) => e);
    expect(r).toMatchObject({ status: 413 });
    expect(JSON.parse((r as RawResponse).body)).toMatchObject({
      error: { code: 'too_large', message: 'upload larger than 65536 bytes' },
    });
    expect(service.staged).toEqual([]);
    await expect.poll(leftovers).toEqual([]);
  });

  it('cuts off a body that keeps trickling past the body time (408) and removes its folder', async () => {
    const slow = pieces('slow.log');
    slow.write('a');
    const timer = setInterval(() => slow.write('a'), 50);
    try {
      const r = await slow.response;
      expect(r.status).toBe(408);
      expect(r.body).toContain('still arriving after 0.4 s');
    } finally {
      clearInterval(timer);
      slow.abort();
    }
    expect(service.staged).toEqual([]);
    await expect.poll(leftovers).toEqual([]);
  });

  it('removes the temp folder when the client aborts mid-body, and imports nothing', async () => {
    const aborted = pieces('half.log');
    aborted.write('x'.repeat(1000));
    // the folder exists while the body arrives
    await expect.poll(async () => (await leftovers()).length).toBe(1);
    aborted.abort();
    await aborted.response.catch(() => null);
    await expect.poll(leftovers).toEqual([]);
    expect(service.staged).toEqual([]);
    // the slot was given back: the next upload goes through
    const next = await raw(server.port, {
      method: 'POST',
      path: '/api/upload?name=next.log',
      headers: uploadHeaders(),
      body: 'ok',
    });
    expect(next.status).toBe(200);
  });

  it('refuses a second upload while one is in flight (503 with Retry-After)', async () => {
    const first = pieces('first.log');
    first.write('x');
    await expect.poll(async () => (await leftovers()).length).toBe(1);
    const second = await raw(server.port, {
      method: 'POST',
      path: '/api/upload?name=second.log',
      headers: uploadHeaders(),
      body: 'y',
    });
    expect(second.status).toBe(503);
    expect(second.headers['retry-after']).toBe('5');
    first.end();
    expect((await first.response).status).toBe(200);
    expect(service.staged.map((s) => s.content.toString())).toEqual(['x']);
  });

  it('streams a large importFiles body: each content staged on disk under its name, the folder removed', async () => {
    const text = 'é'.repeat(800 * 1024);
    const bin = Buffer.from([0, 1, 2, 250, 255]);
    const body = JSON.stringify({
      files: [
        { name: 'bundle/exp/run.log', content: text },
        { encoding: 'base64', content: bin.toString('base64'), name: 'f.zip' },
      ],
    });
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const res = await raw(server.port, { method: 'POST', path: '/api/importFiles', headers, body });
    expect(res.status, res.body).toBe(200);
    expect(service.staged.map((f) => f.name)).toEqual(['bundle/exp/run.log', 'f.zip']);
    expect(service.staged[0]?.content.toString('utf8')).toBe(text);
    expect(service.staged[1]?.content).toEqual(bin);
    expect(path.basename(service.staged[0]?.path ?? '')).toBe('run.log');
    expect(await leftovers()).toEqual([]);
    // a large body of the wrong shape: 400 naming what is wrong, nothing imported, nothing left
    const bad = await raw(server.port, {
      method: 'POST',
      path: '/api/importFiles',
      headers,
      body: JSON.stringify({ files: [{ name: 'a.log', content: text, size: 3 }] }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({
      error: { message: 'importFiles: files[0]: unrecognised key "size"' },
    });
    expect(service.staged).toHaveLength(2);
    await expect.poll(leftovers).toEqual([]);
  });

  it('requires the token, POST, octet-stream and a name', async () => {
    const noToken = await raw(server.port, {
      method: 'POST',
      path: '/api/upload?name=a.log',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'x',
    });
    expect(noToken.status).toBe(401);
    const json = await raw(server.port, {
      method: 'POST',
      path: '/api/upload?name=a.log',
      headers: { ...uploadHeaders(), 'Content-Type': 'application/json' },
      body: 'x',
    });
    expect(json.status).toBe(415);
    const noName = await raw(server.port, {
      method: 'POST',
      path: '/api/upload',
      headers: uploadHeaders(),
      body: 'x',
    });
    expect(noName.status).toBe(400);
    expect(
      (await raw(server.port, { path: '/api/upload?name=a.log', headers: uploadHeaders() })).status,
    ).toBe(405);
    expect(service.staged).toEqual([]);
    expect(await leftovers()).toEqual([]);
  });
});
