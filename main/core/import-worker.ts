// Worker-thread entry: runs imports on its own SQLite connection (WAL lets the main thread keep
// reading), so parsing a large file never stalls the UI's event loop. Messages are validated.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { Store } from '../../db/store';
import { Importer } from './import';

const Init = z.object({
  dbPath: z.string(),
  nativeBinding: z.string().optional(),
  migrationsDir: z.string().optional(),
});
const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('importPaths'), id: z.number(), paths: z.array(z.string()) }),
  z.object({
    type: z.literal('importContents'),
    id: z.number(),
    files: z.array(
      z.object({ name: z.string(), content: z.string(), encoding: z.enum(['utf8', 'base64']).optional() }),
    ),
  }),
  z.object({
    type: z.literal('importStaged'),
    id: z.number(),
    files: z.array(z.object({ name: z.string(), path: z.string() })),
  }),
  z.object({ type: z.literal('cancel'), id: z.number() }),
]);

const port = parentPort;
if (!port) throw new Error('import-worker must run in a worker thread');
const init = Init.parse(workerData);
const store = new Store(init.dbPath, init);
const importer = new Importer(store, (p) => port.postMessage({ type: 'progress', progress: p }));
const controllers = new Map<number, AbortController>();

port.on('message', (raw: unknown) => {
  const msg = Request.parse(raw);
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const ctl = new AbortController();
  controllers.set(msg.id, ctl);
  const run =
    msg.type === 'importPaths'
      ? importer.importPaths(msg.paths, ctl.signal)
      : msg.type === 'importStaged'
        ? importer.importStaged(msg.files, ctl.signal)
        : importer.importContents(msg.files, ctl.signal);
  run
    .then(
      (report) => port.postMessage({ type: 'done', id: msg.id, report }),
      (e: unknown) =>
        port.postMessage({ type: 'failed', id: msg.id, message: e instanceof Error ? e.message : String(e) }),
    )
    .finally(() => controllers.delete(msg.id));
});
port.postMessage({ type: 'ready' });
