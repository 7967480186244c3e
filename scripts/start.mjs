// What `npm start` runs: build the app when out/ is missing or older than the sources, then open the
// Electron window with an Electron-ABI SQLite module. Where Electron cannot run (binary not downloaded,
// native build failed, no display) it says so plainly and serves the same app to the browser instead.
// `npm start -- --browser` goes straight to the browser; a failed runtime download is remembered for a
// few hours (scripts/electron-native.mjs), `npm start -- --retry-download` tries again at once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { electronBinary, ensureElectronSqlite, fetchElectronRuntime, ROOT } from './electron-native.mjs';

const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const SOURCES = ['main', 'shared', 'renderer', 'db', 'electron.config.ts', 'package.json'];
const SKIP_DIRS = new Set(['node_modules', 'fixtures', '__snapshots__']);

function newestMtime(entry) {
  let info;
  try {
    info = statSync(entry);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

function needsBuild() {
  const outputs = OUTPUTS.map((p) => path.join(ROOT, p));
  if (!outputs.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((p) => newestMtime(path.join(ROOT, p))));
  return newestSource > oldestOutput;
}

function build() {
  console.log('BenchLens: building the app…');
  const require = createRequire(path.join(ROOT, 'package.json'));
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const result = spawnSync(process.execPath, [cli, 'build', '-c', 'electron.config.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('BenchLens: the build failed (see the messages above).');
    process.exit(result.status ?? 1);
  }
}

/** Run a child in the foreground: Ctrl+C reaches it, and its exit code becomes ours. */
function foreground(command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  // The terminal already delivers Ctrl+C to the child (same process group); forwarding it too would
  // interrupt the child's own clean shutdown. Stay alive until the child has finished.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`BenchLens: could not start ${path.basename(command)}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) =>
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)),
  );
}

function serveInBrowser(reason, { explain = true } = {}) {
  console.log(
    explain
      ? `BenchLens: ${reason}, so the desktop window cannot open. Serving the same app to your browser instead…`
      : `BenchLens: ${reason}: serving the app to your browser…`,
  );
  console.log("BenchLens: open the URL printed below (it carries this session's access token).");
  foreground(process.execPath, [path.join(ROOT, 'bin', 'benchlens.js'), 'serve', ...passOn], process.env);
}

// Our own switches; everything else goes on to Electron (or to `benchlens serve`).
const OWN_FLAGS = new Set(['--browser', '--retry-download']);
const flags = new Set(process.argv.slice(2).filter((a) => OWN_FLAGS.has(a)));
const passOn = process.argv.slice(2).filter((a) => !OWN_FLAGS.has(a));

async function main() {
  if (needsBuild()) build();

  if (flags.has('--browser')) {
    serveInBrowser('you asked for the browser (--browser)', { explain: false });
    return;
  }
  const binary = electronBinary() ?? (await fetchElectronRuntime({ retry: flags.has('--retry-download') }));
  if (binary === null) {
    serveInBrowser('the Electron runtime is not installed (its download was skipped or blocked)');
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    serveInBrowser('there is no graphical display here (DISPLAY and WAYLAND_DISPLAY are unset)');
    return;
  }
  try {
    await ensureElectronSqlite();
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    serveInBrowser(`the SQLite module for Electron could not be built (${detail})`);
    return;
  }
  // The app finds the binary itself (.cache/electron-native/, main/core/runtime-paths.ts).
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  foreground(binary, ['.', ...passOn], env);
}

await main();
