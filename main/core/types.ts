// The core service as front doors see it: validated handlers for every contract method,
// an event stream (import progress, data changes) and a close() that releases the database.
import type { EventName, EventPayload, Handlers } from '../../shared/contract';
import type { ImportReport } from '../../shared/model';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CoreService {
  /** Handlers take already-validated input; use `callMethod` at a trust boundary. */
  handlers: Handlers;
  /** Subscribe to core events; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /**
   * Imports files a front door staged on disk (`serve` uploads), reported under their uploaded
   * names; the caller owns (and removes) the staged files. Not a contract method: paths stay local.
   */
  importStaged(files: readonly { name: string; path: string }[]): Promise<ImportReport>;
  /** Absolute path of the SQLite database file. */
  dbPath: string;
  /** Whether imports run on a worker thread (their own connection) or in-process. */
  importMode: 'worker' | 'in-process';
  close(): void;
}
