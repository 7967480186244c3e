// The Electron entry: one window, one core service, nothing remote. It owns the single-instance
// lock, the hardened BrowserWindow (sandbox, context isolation, CSP, no navigation, no permissions,
// no network beyond the app's own files) and wires menus and IPC to the core.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, session, shell } from 'electron';
import { APP_NAME, DB_FILE, userDataDir } from '../core/paths';
import { createCoreService } from '../core/service';
import type { CoreService } from '../core/types';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { createAppOrigin, externalLink, type AppOrigin } from './app-origin';
import { registerIpc, type IpcBridge, type ImportDialogKind } from './ipc';
import { buildAppMenu } from './menu';

// Bundled to out/main/index.js; the preload and renderer are its siblings under out/.
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = path.join(outDir, 'preload', 'index.cjs');
const devServerUrl = !app.isPackaged ? (process.env['ELECTRON_RENDERER_URL'] ?? null) : null;
const origin: AppOrigin = createAppOrigin(path.join(outDir, 'renderer'), devServerUrl);

// The dev server needs inline scripts (React refresh preamble) and its hot-reload socket.
const DEV_CSP = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("connect-src 'self'", "connect-src 'self' ws: wss:");

let mainWindow: BrowserWindow | null = null;
let service: CoreService | null = null;
let ipc: IpcBridge | null = null;

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

function openExternally(url: string): void {
  const safe = externalLink(url);
  if (safe !== null) void shell.openExternal(safe);
}

function createWindow(core: CoreService): BrowserWindow {
  const win = new BrowserWindow({
    title: 'BenchLens',
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
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
  win.once('ready-to-show', () => win.show());

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

  ipc = registerIpc({ service: core, window: win, origin });
  win.on('closed', () => {
    ipc?.dispose();
    ipc = null;
    mainWindow = null;
  });

  if (origin.devServerUrl !== null) void win.loadURL(origin.devServerUrl);
  else void win.loadFile(origin.indexHtml);
  return win;
}

function importDialog(kind: ImportDialogKind): void {
  if (ipc === null) return;
  ipc.runImportDialog(kind).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`BenchLens: import failed: ${message}`);
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
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.enableSandbox(); // every renderer sandboxed, whatever its webPreferences say
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app.whenReady().then(() => {
    hardenSession();
    // BENCHLENS_DB, as for the CLI, lets tests and power users point the app at another file.
    const dbPath = process.env['BENCHLENS_DB'] || path.join(app.getPath('userData'), DB_FILE);
    // a packaged app loads only its own native module, never one named by the environment
    const nativeBinding = app.isPackaged ? undefined : process.env['BENCHLENS_SQLITE_BINDING'] || undefined;
    const core = createCoreService({
      dbPath,
      migrationsDir: path.join(outDir, 'main', 'migrations'),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    service = core;
    Menu.setApplicationMenu(buildAppMenu({ importDialog, window: () => mainWindow }));
    mainWindow = createWindow(core);
    app.on('activate', () => {
      if (mainWindow === null && service !== null) mainWindow = createWindow(service);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    service?.close();
    service = null;
  });
}

start();
