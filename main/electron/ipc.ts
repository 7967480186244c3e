// IPC between the renderer and the core: contract calls, the native import dialogs and core events.
// Every message is checked before it is forwarded to the core (in its utility process): the sender
// must be our window showing our own page, and method and input must match the contract.
import type { BrowserWindow } from 'electron';
import { dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { IPC_CALL, IPC_DIALOG, IPC_EVENT } from '../../shared/bridge';
import { IMPORT_FORMATS, importExtensions } from '../../shared/import-formats';
import type { ImportReport } from '../../shared/model';
import { CoreError } from '../core/call';
import type { CoreCaller } from '../core/core-transport';
import type { AppOrigin } from './app-origin';

export type ImportDialogKind = 'files' | 'folder';

/** What the preload receives from an invoke: the value, or an error it turns back into a thrown Error. */
export type IpcReply = { result: unknown } | { error: { code: string; message: string } };

export interface IpcBridge {
  /** Open the native picker and import what the user chose; resolves null when cancelled. */
  runImportDialog(kind: ImportDialogKind): Promise<ImportReport | null>;
  dispose(): void;
}

const IMPORT_FILTERS: OpenDialogOptions['filters'] = [
  { name: 'Benchmark files', extensions: importExtensions() },
  ...IMPORT_FORMATS.map((f) => ({ name: f.label, extensions: [...f.extensions] })),
  { name: 'All files', extensions: ['*'] },
];

function toReply(err: unknown): IpcReply {
  if (err instanceof CoreError) return { error: { code: err.code, message: err.message } };
  return { error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
}

export function registerIpc(opts: { core: CoreCaller; window: BrowserWindow; origin: AppOrigin }): IpcBridge {
  const { core, window, origin } = opts;

  const senderIsApp = (event: IpcMainInvokeEvent): boolean => {
    if (window.isDestroyed() || event.sender !== window.webContents) return false;
    const frame = event.senderFrame;
    if (frame === null || frame !== event.sender.mainFrame) return false;
    return origin.isAppPage(frame.url);
  };

  const runImportDialog = async (kind: ImportDialogKind): Promise<ImportReport | null> => {
    const options: OpenDialogOptions =
      kind === 'folder'
        ? { title: 'Import folder', properties: ['openDirectory', 'multiSelections'] }
        : { title: 'Import files', properties: ['openFile', 'multiSelections'], filters: IMPORT_FILTERS };
    const choice = window.isDestroyed()
      ? await dialog.showOpenDialog(options)
      : await dialog.showOpenDialog(window, options);
    if (choice.canceled || choice.filePaths.length === 0) return null;
    // Progress and snapshotsChanged reach the window through the event forwarding below.
    return (await core.call('importPaths', { paths: choice.filePaths })) as ImportReport;
  };

  ipcMain.handle(IPC_CALL, async (event, method: unknown, input: unknown): Promise<IpcReply> => {
    if (!senderIsApp(event))
      return { error: { code: 'forbidden', message: 'IPC from an unexpected sender' } };
    if (typeof method !== 'string') {
      return { error: { code: 'bad_method', message: 'method must be a contract method name' } };
    }
    try {
      // core.call checks method and input against the contract before anything crosses over
      return { result: await core.call(method, input) };
    } catch (err) {
      return toReply(err);
    }
  });

  ipcMain.handle(IPC_DIALOG, async (event, kind: unknown): Promise<IpcReply> => {
    if (!senderIsApp(event))
      return { error: { code: 'forbidden', message: 'IPC from an unexpected sender' } };
    if (kind !== 'files' && kind !== 'folder') {
      return { error: { code: 'bad_input', message: 'dialog kind must be "files" or "folder"' } };
    }
    try {
      return { result: await runImportDialog(kind) };
    } catch (err) {
      return toReply(err);
    }
  });

  const unsubscribe = core.onEvent((name, payload) => {
    if (!window.isDestroyed() && !window.webContents.isDestroyed()) {
      window.webContents.send(IPC_EVENT, name, payload);
    }
  });

  return {
    runImportDialog,
    dispose() {
      unsubscribe();
      ipcMain.removeHandler(IPC_CALL);
      ipcMain.removeHandler(IPC_DIALOG);
    },
  };
}
