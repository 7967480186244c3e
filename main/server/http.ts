// The HTTP front door used by `benchlens serve`: the built renderer as static files plus the contract
// as `POST /api/<method>` and core events as server-sent events. It binds 127.0.0.1 only, requires a
// per-launch bearer token on every /api request, and rejects foreign Host and Origin headers.
// Uploads (`POST /api/upload?name=…`, and large `importFiles` bodies) stream to a private temp
// folder, removed on every path; nothing holds a whole body.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { callMethod, CoreError } from '../core/call';
import { mimeType } from '../core/mime-types';
import type { CoreService } from '../core/types';
import type { ImportReport } from '../../shared/model';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { FilesBodyError, FilesBodyReader, type StagedFile } from './files-body';

export interface HttpServerOptions {
  service: CoreService;
  /** Folder holding the built renderer (index.html and assets), normally `out/renderer`. */
  staticDir: string;
  /** 0 or omitted picks a free port. */
  port?: number;
  /** Defaults to a fresh random token per launch. */
  token?: string;
  /** A request body that sends nothing for this long is cut off (408). */
  bodyIdleMs?: number;
  /** A request body still arriving after this long is cut off (408), however steadily it trickles. */
  bodyTimeMs?: number;
  /** Where upload temp folders are made (default: the OS temp folder). */
  uploadTmpDir?: string;
  /** Defaults to MAX_UPLOAD_BYTES. */
  maxUploadBytes?: number;
}

export interface HttpServerHandle {
  /** Address to open in a browser; the token travels in the fragment, never to the server log. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** An upload (`/api/upload`, streamed to disk) larger than this is refused (413). */
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;
/** A JSON call's body is parsed in memory: larger ones are refused (413); files go to /api/upload. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** A large `importFiles` body is streamed to disk (contents as base64 are 4/3 of the files). */
export const MAX_FILES_BODY_BYTES = 400 * 1024 * 1024;
/** JSON bodies above this size count as uploads: at most MAX_UPLOADS of them are read and imported at once. */
const UPLOAD_BYTES = 1024 * 1024;
export const MAX_UPLOADS = 1;
const BODY_IDLE_MS = 60_000;
/** 300 MB at 1 MB/s; a local browser sends it in seconds. */
const BODY_TIME_MS = 300_000;
/** How long a refused request's remaining bytes are read (and dropped) before its socket is closed. */
const CLIENT_ERROR_DRAIN_MS = 2_000;
/** Open connections beyond this are refused by the listening socket. */
export const MAX_CONNECTIONS = 64;
export const HEARTBEAT_MS = 15_000;

const STATUS_BY_CODE: Record<CoreError['code'], number> = {
  bad_method: 400,
  bad_input: 400,
  not_found: 404,
  conflict: 409,
  internal: 500,
};

class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

function baseHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: { code, message } });
}

function sendText(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(message),
  });
  res.end(message);
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of `given`.
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

interface BodyLimits {
  bytes: number;
  idleMs: number;
  timeMs: number;
}

/**
 * Cuts the body off (408) when it stalls for `idleMs` or is still arriving after `timeMs`: an
 * authenticated client cannot hold a request open forever. The 408 is sent, then the connection
 * closed (the rest of the body will never be read). Returns a function that stops both clocks.
 */
function bodyClock(
  req: IncomingMessage,
  res: ServerResponse,
  limits: BodyLimits,
  fail: (err: HttpError) => void,
): () => void {
  const cutOff = (message: string) => {
    if (res.headersSent) {
      req.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    fail(new HttpError(408, 'bad_input', message));
  };
  req.setTimeout(limits.idleMs, () => cutOff(`request body stalled for ${limits.idleMs / 1000} s`));
  const total = setTimeout(
    () => cutOff(`request body still arriving after ${limits.timeMs / 1000} s`),
    limits.timeMs,
  );
  return () => {
    clearTimeout(total);
    req.setTimeout(0); // the import that follows may take long: only the body is timed
  };
}

/** Refuses (413) a body that declares more than the limit, before reading any of it. */
function refuseDeclaredTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
    throw new HttpError(413, 'too_large', `request body of ${declared} bytes is larger than ${limit} bytes`);
  }
}

function readBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits): Promise<string> {
  const limit = limits.bytes;
  return new Promise((resolve, reject) => {
    const stopClock = bodyClock(req, res, limits, reject);
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        stopClock();
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
        reject(new HttpError(413, 'too_large', `request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      stopClock();
      if (!failed) resolve(Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', (err) => {
      stopClock();
      if (!failed) reject(err);
    });
    req.on('close', () => {
      if (req.complete) return;
      // the client went away mid-body: give the upload slot back now, not when a clock runs out
      stopClock();
      if (!failed) reject(new HttpError(400, 'aborted', 'the client closed the request before its end'));
    });
  });
}

/**
 * Streams a request body into `file` (created, never overwritten) without holding it: at most one
 * chunk in memory, the socket paused while the disk catches up. Over `limits.bytes` is 413, a stalled
 * or endless body 408; a client that goes away rejects. Resolves with the byte count once the file
 * is closed; on failure the file is closed before the promise rejects, so it can be removed.
 */
function streamBodyToFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  limits: BodyLimits,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      stopClock();
      req.off('data', onData);
      out.destroy();
      if (out.closed) reject(err);
      else out.once('close', () => reject(err));
    };
    const stopClock = bodyClock(req, res, limits, fail);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.bytes) {
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
        fail(new HttpError(413, 'too_large', `upload larger than ${limits.bytes} bytes`));
        return;
      }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      stopClock();
      out.end();
    });
    out.on('finish', () => {
      if (settled) return;
      settled = true;
      out.once('close', () => resolve(size));
    });
    out.on('error', (err) => fail(new HttpError(500, 'internal', `cannot stage the upload: ${err.message}`)));
    req.on('error', (err) => fail(err));
    const gone = () => {
      if (!req.complete) fail(new HttpError(400, 'aborted', 'the client closed the upload before its end'));
    };
    req.on('close', gone);
    // the client may have gone while the temp folder was being made: 'close' has fired already
    if (req.destroyed) gone();
  });
}

/**
 * Streams a large `importFiles` JSON body through `reader` (each content straight to disk) and
 * resolves with the staged files. A body that breaks the shape is 400, over `limits.bytes` 413, a
 * stalled or endless one 408; on failure the reader's open file is closed before the promise rejects.
 */
function streamBodyToReader(
  req: IncomingMessage,
  res: ServerResponse,
  reader: FilesBodyReader,
  limits: BodyLimits,
): Promise<StagedFile[]> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let size = 0;
    let settled = false;
    let chain: Promise<void> = Promise.resolve();
    const closeAfterReply = () => {
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      stopClock();
      req.off('data', onData);
      // the write in progress ends first, then the reader closes its file: the folder can go
      void chain.then(() => reader.abort()).then(() => reject(err));
    };
    const refused = (e: unknown): Error => {
      if (e instanceof FilesBodyError) {
        closeAfterReply();
        return new HttpError(400, 'bad_input', e.message);
      }
      return e instanceof Error ? e : new Error(String(e));
    };
    const stopClock = bodyClock(req, res, limits, fail);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.bytes) {
        closeAfterReply();
        fail(new HttpError(413, 'too_large', `request body larger than ${limits.bytes} bytes`));
        return;
      }
      req.pause();
      chain = chain.then(async () => {
        if (settled) return;
        try {
          await reader.write(decoder.write(chunk));
          if (!settled) req.resume();
        } catch (e) {
          fail(refused(e));
        }
      });
    };
    req.on('data', onData);
    req.on('end', () => {
      if (settled) return;
      stopClock();
      chain = chain.then(async () => {
        if (settled) return;
        try {
          await reader.write(decoder.end());
          const staged = await reader.end();
          settled = true;
          resolve(staged);
        } catch (e) {
          fail(refused(e));
        }
      });
    });
    req.on('error', (err) => fail(err));
    const gone = () => {
      if (!req.complete) fail(new HttpError(400, 'aborted', 'the client closed the request before its end'));
    };
    req.on('close', gone);
    // the client may have gone while the temp folder was being made: 'close' has fired already
    if (req.destroyed) gone();
  });
}

/** The staged file's name: the upload's last path segment, printable, its extension kept. */
function stagedName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '_').slice(-200);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

function errorToResponse(err: unknown): { status: number; code: string; message: string } {
  if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message };
  if (err instanceof CoreError)
    return { status: STATUS_BY_CODE[err.code], code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, code: 'internal', message };
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const { service } = opts;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(opts.staticDir);
  const sseClients = new Set<ServerResponse>();
  let port = 0;
  let uploads = 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const bodyLimits = { idleMs: opts.bodyIdleMs ?? BODY_IDLE_MS, timeMs: opts.bodyTimeMs ?? BODY_TIME_MS };

  /** At most MAX_UPLOADS large bodies are read and imported at once; the caller gives the slot back. */
  function takeUploadSlot(res: ServerResponse): void {
    if (uploads >= MAX_UPLOADS) {
      res.setHeader('Retry-After', '5');
      res.setHeader('Connection', 'close'); // the body is not read: do not keep the socket for it
      throw new HttpError(503, 'busy', `another upload is being imported (at most ${MAX_UPLOADS} at once)`);
    }
    uploads++;
  }

  /**
   * `POST /api/upload?name=<file name or path relative to a dropped folder>`, the raw file as the body
   * (`application/octet-stream`): streamed to a private temp folder, imported from disk, answered with
   * the import report. The folder is removed on every path: success, error, client abort.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, 'bad_method', 'use POST for /api/upload');
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/octet-stream') {
      throw new HttpError(415, 'bad_input', 'Content-Type must be application/octet-stream for /api/upload');
    }
    const name = url.searchParams.get('name') ?? '';
    if (name.length === 0 || name.length > 1024 || name.includes('\0')) {
      throw new HttpError(400, 'bad_input', 'give the file name as ?name= (1 to 1024 characters)');
    }
    const maxBytes = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    refuseDeclaredTooLarge(req, res, maxBytes);
    takeUploadSlot(res);
    let dir: string | null = null;
    let report: ImportReport;
    try {
      dir = await mkdtemp(path.join(opts.uploadTmpDir ?? tmpdir(), 'benchlens-upload-'));
      const staged = path.join(dir, stagedName(name));
      await streamBodyToFile(req, res, staged, { ...bodyLimits, bytes: maxBytes });
      report = await service.importStaged([{ name, path: staged }]);
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true });
      uploads--;
    }
    // answered once the folder is gone: a client that sees the report sees no leftover
    sendJson(res, 200, report);
  }

  /** A large `importFiles` body: staged file by file in a private temp folder, removed on every path. */
  async function importFilesStreamed(req: IncomingMessage, res: ServerResponse): Promise<ImportReport> {
    let dir: string | null = null;
    try {
      dir = await mkdtemp(path.join(opts.uploadTmpDir ?? tmpdir(), 'benchlens-upload-'));
      const reader = new FilesBodyReader(dir, stagedName);
      const staged = await streamBodyToReader(req, res, reader, {
        ...bodyLimits,
        bytes: MAX_FILES_BODY_BYTES,
      });
      return await service.importStaged(staged);
    } finally {
      if (dir !== null) await rm(dir, { recursive: true, force: true });
    }
  }

  async function handleApiCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      throw new HttpError(405, 'bad_method', 'use POST for /api/<method>');
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new HttpError(415, 'bad_input', 'Content-Type must be application/json');
    }
    const declared = Number(req.headers['content-length']);
    const upload = !(Number.isFinite(declared) && declared <= UPLOAD_BYTES);
    // a large importFiles body is read as it streams, its contents straight to disk
    const streamed = upload && method === 'importFiles';
    refuseDeclaredTooLarge(req, res, streamed ? MAX_FILES_BODY_BYTES : MAX_BODY_BYTES);
    if (upload) takeUploadSlot(res);
    try {
      if (streamed) {
        sendJson(res, 200, await importFilesStreamed(req, res));
        return;
      }
      let text: string | null = await readBody(req, res, { ...bodyLimits, bytes: MAX_BODY_BYTES });
      let body: unknown;
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        throw new HttpError(400, 'bad_input', 'request body is not valid JSON');
      }
      text = null; // the parsed body is all that is needed from here on
      const output = await callMethod(service, method, body);
      sendJson(res, 200, output);
    } finally {
      if (upload) uploads--;
    }
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      throw new HttpError(405, 'bad_method', 'use GET for /api/events');
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = service.onEvent((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    };
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      throw new HttpError(403, 'forbidden', 'cross-origin requests are not allowed');
    }
    const isEvents = url.pathname === '/api/events';
    const given = isEvents ? url.searchParams.get('token') : bearerToken(req);
    if (given === null || !tokensEqual(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new HttpError(
        401,
        'unauthorized',
        'missing or wrong token; open the URL printed by `benchlens serve`',
      );
    }
    if (isEvents) {
      handleEvents(req, res);
      return;
    }
    if (url.pathname === '/api/upload') {
      await handleUpload(req, res, url);
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(method)) {
      throw new HttpError(404, 'bad_method', `unknown method "${method.slice(0, 64)}"`);
    }
    await handleApiCall(req, res, method);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      sendText(res, 400, 'Bad path');
      return;
    }
    if (relative.includes('\0')) {
      sendText(res, 400, 'Bad path');
      return;
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const target = path.resolve(staticRoot, '.' + relative);
    if (target !== staticRoot && !target.startsWith(staticRoot + path.sep)) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    let filePath: string;
    try {
      filePath = await realpath(target);
      const realRoot = await realpath(staticRoot);
      if (!filePath.startsWith(realRoot + path.sep)) {
        sendText(res, 403, 'Forbidden');
        return;
      }
      const info = await stat(filePath);
      if (!info.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': mimeType(filePath),
        'Content-Length': info.size,
      });
    } catch {
      if (relative === '/index.html') {
        sendText(
          res,
          503,
          `BenchLens: the app has not been built yet (no index.html in ${staticRoot}). Run \`npm run build\` first, then start it again.`,
        );
      } else {
        sendText(res, 404, 'Not found');
      }
      return;
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    baseHeaders(res);
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(host)) {
      // DNS rebinding: a foreign name resolving to 127.0.0.1 must not reach the app or its API.
      sendText(res, 421, 'Misdirected request: unexpected Host header');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      sendText(res, 400, 'Bad request');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      try {
        await handleApi(req, res, url);
      } catch (err) {
        const { status, code, message } = errorToResponse(err);
        sendError(res, status, code, message);
      }
      return;
    }
    await handleStatic(req, res, url);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const { message } = errorToResponse(err);
      if (!res.headersSent) sendText(res, 500, message);
      else res.destroy();
    });
  });
  // Large imports can take a while to upload and process; the defaults would cut them off.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.maxConnections = MAX_CONNECTIONS;
  // A request the parser refuses (headers over Node's 16 KiB, malformed): answer it, then read and drop
  // what the client is still sending for a moment, so the close is seen as an answer and not as a reset
  // (Node's default handler destroys the socket with the client's bytes unread: ECONNRESET).
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, text] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.resume();
    setTimeout(() => socket.destroy(), CLIENT_ERROR_DRAIN_MS).unref();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        sseClients.clear();
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get a moment to finish; after that the port must be released regardless.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      return closing;
    },
  };
}
