// `npm run dev`: work on the app with hot reload. Where Electron can run, electron-vite dev (renderer
// hot module replacement, main/preload rebuilt and the app restarted on change). Elsewhere, or with
// --browser: `benchlens serve` for the core plus a Vite dev server of the renderer that proxies /api
// to it, so the UI reloads live in a browser. Prints the URL (with the session token) to open.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'vite';
import { electronBinary, ensureElectronSqlite, fetchElectronRuntime, ROOT } from './electron-native.mjs';

const args = process.argv.slice(2);
const children = [];
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(0);
  });
}

async function electronReady() {
  if (args.includes('--browser')) return 'you asked for the browser (--browser)';
  const binary =
    electronBinary() ?? (await fetchElectronRuntime({ retry: args.includes('--retry-download') }));
  if (binary === null) return 'the Electron runtime is not installed';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no graphical display (DISPLAY / WAYLAND_DISPLAY unset)';
  try {
    await ensureElectronSqlite();
  } catch (err) {
    return `the SQLite module for Electron could not be built (${err instanceof Error ? err.message : err})`;
  }
  return null;
}

function electronViteDev() {
  const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(process.execPath, [cli, 'dev', '-c', 'electron.config.ts', '--watch'], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  children.push(child);
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** Start `benchlens serve` on a free port; resolves with its origin and token once it prints them. */
function startCore() {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'benchlens.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`benchlens serve exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(line);
      if (m) resolve({ origin: m[1], token: m[2] });
    });
  });
}

async function browserDev(reason) {
  console.log(`BenchLens dev: ${reason}; running the renderer with hot reload in your browser instead.`);
  const core = await startCore();
  const vite = await createServer({
    configFile: path.join(ROOT, 'renderer', 'vite.config.ts'),
    root: path.join(ROOT, 'renderer'),
    server: {
      host: '127.0.0.1',
      strictPort: false,
      // serve checks Host and Origin: present the request as its own
      proxy: { '/api': { target: core.origin, changeOrigin: true, headers: { origin: core.origin } } },
    },
  });
  await vite.listen();
  const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
  console.log(`BenchLens dev: open ${url}#token=${core.token}  (API: ${core.origin}, Ctrl+C to stop)`);
}

const blocked = await electronReady();
if (blocked === null) electronViteDev();
else await browserDev(blocked);
