// The Electron entry: one window, the core in a utility process, nothing remote. It owns the
// single-instance lock, the hardened BrowserWindow (sandbox, context isolation, CSP, no navigation,
// no permissions, no network beyond the app's own files, served from app:// rather than file://),
// opened files, and wires menus and IPC.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, screen, session, shell, utilityProcess } from 'electron';
import { CLI_ARGV_ENV, cliArgsFrom } from '../cli/cli-mode';
import { APP_NAME, DB_FILE, userDataDir } from '../core/paths';
import { resolveRuntimePaths, type Runtime, type RuntimePaths } from '../core/runtime-paths';
import { appendAll } from '../../shared/arrays';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { createAppOrigin, externalLink, type AppOrigin } from './app-origin';
import { APP_SCHEME, resolveAppFile } from './app-protocol';
import { startCoreProcess, type CoreHost } from './core-host';
import { registerIpc, type IpcBridge, type ImportDialogKind } from './ipc';
import { buildAppMenu } from './menu';
import { filesFromArgv } from './open-files';
import { restoreWindowState, type WindowState } from './window-state';

// Bundled to out/main/index.js; the preload and renderer are its siblings under out/.
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');
const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
const origin: AppOrigin = createAppOrigin(path.join(outDir, 'renderer'), devServerUrl);

// The dev server needs inline scripts (React refresh preamble), Vite's injected <style> elements and
// its hot-reload socket (renderer/vite.config.ts relaxes the page's meta tag the same way, dev only).
const DEV_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws: wss:");

let mainWindow: BrowserWindow | null = null;
let core: CoreHost | null = null;
let ipc: IpcBridge | null = null;
/** Files handed to the app (argv, open-file, second instance) before the core is up. */
const pendingFiles: string[] = [];

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !origin.isAllowedRequest(details.url) });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [devServerUrl ? DEV_CSP : CONTENT_SECURITY_POLICY];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}

/** Headers of every app:// response: the production CSP (as the HTTP server sends it), no sniffing. */
const APP_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/** Serves out/renderer on app://benchlens: only files under it (resolveAppFile), with their types. */
function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(origin.rendererRoot, request.url);
    if (file.kind === 'refused')
      return new Response(file.reason, {
        status: file.status,
        headers: { ...APP_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    try {
      const body = await readFile(file.path);
      return new Response(body, { headers: { ...APP_HEADERS, 'Content-Type': file.mime } });
    } catch {
      return new Response(`not found: ${request.url}`, {
        status: 404,
        headers: { ...APP_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
  });
}

function openExternally(url: string): void {
  const safe = externalLink(url);
  if (safe !== null) void shell.openExternal(safe);
}

const MIN_SIZE = { width: 900, height: 600 };
const windowStateFile = (): string => path.join(app.getPath('userData'), 'window-state.json');

function savedWindowState(): WindowState | null {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(windowStateFile(), 'utf8'));
  } catch {
    return null; // first launch, or an unreadable file: open at the default size
  }
  return restoreWindowState(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
    MIN_SIZE,
  );
}

function rememberWindowState(win: BrowserWindow): void {
  const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
  try {
    writeFileSync(windowStateFile(), `${JSON.stringify(state)}\n`);
  } catch (err) {
    console.error(
      `BenchLens: could not save the window position: ${err instanceof Error ? err.message : err}`,
    );
  }
}

function createWindow(core: CoreHost): BrowserWindow {
  const saved = savedWindowState();
  const win = new BrowserWindow({
    title: 'BenchLens',
    ...(saved === null
      ? { width: 1440, height: 900 }
      : { x: saved.x, y: saved.y, width: saved.width, height: saved.height }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => {
    if (saved?.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => rememberWindowState(win));

  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (origin.isAppPage(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!origin.isAppPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  ipc = registerIpc({ core, window: win, origin });
  win.on('closed', () => {
    ipc?.dispose();
    ipc = null;
    mainWindow = null;
  });

  void win.loadURL(origin.entryUrl); // app://benchlens/index.html, or the dev server
  return win;
}

/** The packaged app finds everything under resources/; a checkout uses .cache/ and out/. */
function runtimePaths(): RuntimePaths {
  const runtime: Runtime = app.isPackaged
    ? { kind: 'packaged', resourcesPath: process.resourcesPath }
    : {
        kind: 'electron-dev',
        repoRoot: path.dirname(outDir),
        outDir,
        electronVersion: process.versions.electron,
        arch: process.arch,
      };
  return resolveRuntimePaths(runtime);
}

function importDialog(kind: ImportDialogKind): void {
  if (ipc === null) return;
  ipc.runImportDialog(kind).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`BenchLens: import failed: ${message}`);
  });
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Import files the OS asked us to open; the window shows the report through importFinished. */
function openFiles(files: readonly string[]): void {
  if (files.length === 0) return;
  if (core === null) {
    appendAll(pendingFiles, files);
    return;
  }
  core.call('importPaths', { paths: [...files] }).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`BenchLens: could not open ${files.join(', ')}: ${message}`);
  });
}

function start(): void {
  app.setName(APP_NAME);
  // Pin userData to the folder the CLI computes (main/core/paths.ts), so both open the same database.
  app.setPath('userData', userDataDir());
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // macOS delivers opened files as events, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFiles([file]);
  });
  // A second launch (a double-clicked file on Windows/Linux) hands its files to this window.
  app.on('second-instance', (_event, argv, workingDirectory) => {
    openFiles(filesFromArgv(argv, workingDirectory, isFile));
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  openFiles(filesFromArgv(process.argv, process.cwd(), isFile));
  app.enableSandbox(); // every renderer sandboxed, whatever its webPreferences say
  // app:// is a standard, secure origin (CSP 'self', fetch, storage), registered before 'ready'
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    serveAppProtocol();
    hardenSession();
    // BENCHLENS_DB, as for the CLI, lets tests and power users point the app at another file.
    const dbPath = process.env['BENCHLENS_DB'] || path.join(app.getPath('userData'), DB_FILE);
    let paths: RuntimePaths;
    try {
      paths = runtimePaths();
    } catch (err) {
      dialog.showErrorBox('BenchLens cannot start', err instanceof Error ? err.message : String(err));
      app.quit();
      return;
    }
    const host = startCoreProcess(path.join(outDir, 'main'), { dbPath, ...paths });
    core = host;
    Menu.setApplicationMenu(buildAppMenu({ importDialog, window: () => mainWindow }));
    mainWindow = createWindow(host);
    openFiles(pendingFiles.splice(0));
    app.on('activate', () => {
      if (mainWindow === null && core !== null) mainWindow = createWindow(core);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Let the core close the database (WAL checkpoint) before the process goes away.
  app.on('will-quit', (event) => {
    if (core === null) return;
    const closing = core;
    core = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
}

/**
 * `BenchLens --cli <command> …`: the installed app's CLI (the RunAsNode fuse is off, so the app cannot be
 * used as Node). The bundled CLI runs in a utility process with this build's SQLite module; no window,
 * no single-instance lock; the exit code is the CLI's. stdin is not available to it (Electron's limit).
 */
function runCli(args: readonly string[]): void {
  app.setName(APP_NAME);
  app.setPath('userData', userDataDir());
  app.dock?.hide();
  void app.whenReady().then(() => {
    let paths: RuntimePaths;
    try {
      paths = runtimePaths();
    } catch (err) {
      process.stderr.write(`benchlens: ${err instanceof Error ? err.message : String(err)}\n`);
      app.exit(1);
      return;
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    env[CLI_ARGV_ENV] = JSON.stringify(args);
    // this build's own module, never one the environment names (runtime-paths.ts)
    if (paths.nativeBinding !== undefined) env['BENCHLENS_SQLITE_BINDING'] = paths.nativeBinding;
    else delete env['BENCHLENS_SQLITE_BINDING'];
    const child = utilityProcess.fork(path.join(outDir, 'cli', 'benchlens.js'), [], {
      env,
      stdio: 'inherit',
      serviceName: 'BenchLens CLI',
    });
    child.on('exit', (code) => app.exit(code));
  });
}

const cliArgs = cliArgsFrom(process.argv);
if (cliArgs === null) start();
else runCli(cliArgs);
