// The object the Electron preload exposes to the renderer as `window.benchlens`.
// The renderer talks to the core through it under Electron, and over HTTP otherwise;
// both carry the same contract (shared/contract.ts), validated on the core side.

export interface BenchlensBridge {
  /** Call a contract method; rejects with an Error whose message is the core's message. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Subscribe to core events (importProgress, snapshotsChanged); returns an unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** Open the native Import files… / Import folder… dialog; the import runs in the main process. */
  openImportDialog(kind: 'files' | 'folder'): Promise<void>;
}

export const BRIDGE_KEY = 'benchlens';
/** IPC channel names (renderer → main invoke, main → renderer events). */
export const IPC_CALL = 'benchlens:call';
export const IPC_DIALOG = 'benchlens:dialog';
export const IPC_EVENT = 'benchlens:event';
