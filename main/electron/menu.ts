// The application menu: File (import files, import folder, quit), Edit, View and Help → About.
// Menu items only call back into main.ts; they hold no state and reach the core through the same
// import path as the renderer's dialog button.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ImportDialogKind } from './ipc';

export interface MenuActions {
  importDialog(kind: ImportDialogKind): void;
  window(): BrowserWindow | null;
}

function showAbout(actions: MenuActions): void {
  const options = {
    type: 'info' as const,
    title: 'About BenchLens',
    message: `BenchLens ${app.getVersion()}`,
    detail: `Compare LLM-serving benchmark snapshots.\nElectron ${process.versions.electron ?? ''} · Chromium ${process.versions.chrome ?? ''} · Node ${process.versions.node}`,
    buttons: ['OK'],
  };
  const win = actions.window();
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

export function buildAppMenu(actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importDialog('files') },
        {
          label: 'Import folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => actions.importDialog('folder'),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // reload and DevTools only while developing: a packaged app has no use for them
        ...(app.isPackaged
          ? []
          : ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: 'About BenchLens', click: () => showAbout(actions) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
