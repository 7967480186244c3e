// The sandboxed preload: exposes exactly the three BenchlensBridge functions as `window.benchlens`,
// each a thin ipcRenderer.invoke/on wrapper. ipcRenderer itself never reaches the page. Built as
// CommonJS because sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IPC_CALL, IPC_DIALOG, IPC_EVENT, type BenchlensBridge } from '../../shared/bridge';

type Reply = { result: unknown } | { error: { code: string; message: string } };

function unwrap(reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null)
    throw new Error('BenchLens: malformed reply from the main process');
  const r = reply as Reply;
  if ('error' in r) {
    const err = new Error(r.error.message);
    err.name = r.error.code;
    throw err;
  }
  return r.result;
}

const bridge: BenchlensBridge = {
  async call(method: string, input: unknown): Promise<unknown> {
    return unwrap(await ipcRenderer.invoke(IPC_CALL, method, input));
  },
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
  async openImportDialog(kind: 'files' | 'folder'): Promise<void> {
    unwrap(await ipcRenderer.invoke(IPC_DIALOG, kind));
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
