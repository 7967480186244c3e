// The renderer's typed Api client: one object with every contract method, over the Electron bridge
// (window.benchlens) when present and over HTTP + server-sent events otherwise. Every output is parsed
// with the contract's zod schema, so the UI only ever sees well-formed data.
import {
  ApiError,
  contract,
  events,
  METHODS,
  type Api,
  type EventName,
  type EventPayload,
  type Method,
  type Output,
} from '../../shared/contract';
import { BRIDGE_KEY, type BenchlensBridge } from '../../shared/bridge';
import { ImportReport } from '../../shared/model';

export type EventHandler = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Client {
  api: Api;
  /** Subscribe to core events; returns an unsubscribe function. */
  subscribe(handler: EventHandler): () => void;
  /** Native import dialogs, only under Electron. */
  openImportDialog: ((kind: 'files' | 'folder') => Promise<void>) | null;
  /**
   * Over HTTP: sends one file's bytes as they are (the browser streams the File; no base64, no
   * JSON) to `/api/upload`, which stages it on disk and imports it. Null under Electron.
   */
  upload: ((name: string, file: Blob) => Promise<ImportReport>) | null;
  transport: 'electron' | 'http';
}

type Transport = (method: Method, input: unknown) => Promise<unknown>;

const TOKEN_STORAGE_KEY = 'benchlens.token';

function isBridge(value: unknown): value is BenchlensBridge {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.call === 'function' &&
    typeof v.onEvent === 'function' &&
    typeof v.openImportDialog === 'function'
  );
}

function findBridge(): BenchlensBridge | null {
  const candidate: unknown = (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
  return isBridge(candidate) ? candidate : null;
}

/**
 * Reads `#token=…` from the address once, keeps it in sessionStorage (so reloads work) and removes
 * it from the visible URL so it does not end up in screenshots or history.
 */
export function takeToken(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

function parseOutput<M extends Method>(method: M, raw: unknown): Output<M> {
  const parsed = contract[method].output.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `${method}: unexpected response (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'})`,
    );
  }
  return parsed.data as Output<M>;
}

/** One function per contract method, derived from the contract so a new method needs no edit here. */
function makeApi(transport: Transport): Api {
  const api: Partial<Record<Method, (input: unknown) => Promise<unknown>>> = {};
  for (const method of METHODS) {
    api[method] = async (input: unknown) => parseOutput(method, await transport(method, input ?? {}));
  }
  return api as unknown as Api;
}

/** Validates an event against the contract's schema before any handler sees it; unknown events are dropped. */
function dispatch(handler: EventHandler, event: string, payload: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(events, event)) return;
  const name = event as EventName;
  const p = events[name].safeParse(payload ?? {});
  if (p.success) handler(name, p.data as EventPayload<typeof name>);
}

function electronClient(bridge: BenchlensBridge): Client {
  return {
    api: makeApi((method, input) => bridge.call(method, input)),
    subscribe: (handler) => bridge.onEvent((event, payload) => dispatch(handler, event, payload)),
    openImportDialog: (kind) => bridge.openImportDialog(kind),
    upload: null,
    transport: 'electron',
  };
}

/** Attempts for an upload the server answers 503 (another upload in flight), waiting its Retry-After. */
const UPLOAD_ATTEMPTS = 5;

function httpUpload(token: string | null): (name: string, file: Blob) => Promise<ImportReport> {
  return async (name, file) => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/octet-stream',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      if (res.status === 503 && attempt < UPLOAD_ATTEMPTS) {
        const waitS = Number(res.headers.get('Retry-After') ?? '5');
        await new Promise((r) => setTimeout(r, (Number.isFinite(waitS) ? waitS : 5) * 1000));
        continue;
      }
      if (!res.ok) {
        const err = ApiError.safeParse(body);
        throw new Error(
          `${name}: ${err.success ? err.data.error.message : `upload failed (HTTP ${res.status})`}`,
        );
      }
      const parsed = ImportReport.safeParse(body);
      if (!parsed.success) throw new Error(`${name}: unexpected upload response`);
      return parsed.data;
    }
  };
}

function httpClient(token: string | null): Client {
  const transport: Transport = async (method, input) => {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input ?? {}),
    });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) {
      const err = ApiError.safeParse(body);
      throw new Error(err.success ? err.data.error.message : `${method}: HTTP ${res.status}`);
    }
    return body;
  };
  const handlers = new Set<EventHandler>();
  let source: EventSource | null = null;
  const open = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token ?? '')}`);
    for (const name of Object.keys(events) as EventName[]) {
      source.addEventListener(name, (e: MessageEvent<string>) => {
        let payload: unknown = {};
        try {
          payload = JSON.parse(e.data);
        } catch {
          return;
        }
        for (const h of handlers) dispatch(h, name, payload);
      });
    }
  };
  return {
    api: makeApi(transport),
    subscribe: (handler) => {
      handlers.add(handler);
      open();
      return () => {
        handlers.delete(handler);
        if (handlers.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    openImportDialog: null,
    upload: httpUpload(token),
    transport: 'http',
  };
}

let singleton: Client | null = null;

/** The app's client, created once: Electron bridge if present, HTTP otherwise. */
export function getClient(): Client {
  if (!singleton) {
    const bridge = findBridge();
    singleton = bridge ? electronClient(bridge) : httpClient(takeToken());
  }
  return singleton;
}

/** For tests: a client over any transport function. */
export function clientFromTransport(transport: (method: string, input: unknown) => Promise<unknown>): Client {
  return {
    api: makeApi(transport),
    subscribe: () => () => undefined,
    openImportDialog: null,
    upload: null,
    transport: 'http',
  };
}
