// The core behind a message port: a host that serves contract calls and pushes core events, and a
// client with the same call/onEvent surface as an in-process core. Electron's main process talks to
// the core in a utility process through it; plain Node tests drive it over a worker_threads channel.
import { z } from 'zod';
import { contract, isMethod, type EventName, type Method } from '../../shared/contract';
import { callMethod, CoreError } from './call';
import type { CoreService } from './types';

/** The two things the transport needs from a port (Electron MessagePortMain, Node MessagePort). */
export interface PortLike {
  postMessage(message: unknown): void;
  /** Subscribe to messages (their data); returns an unsubscribe function. */
  onMessage(listener: (data: unknown) => void): () => void;
}

/** What a front door needs from the core, wherever it runs. */
export interface CoreCaller {
  /** Validated call: rejects with a CoreError (code + message) on bad input or a failed handler. */
  call(method: string, input: unknown): Promise<unknown>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}

export type CoreErrorCode = CoreError['code'];
const ERROR_CODES = ['bad_method', 'bad_input', 'not_found', 'conflict', 'internal'] as const;

const Request = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int().positive(),
    method: z.string(),
    input: z.unknown(),
  }),
  z.object({ type: z.literal('shutdown') }),
]);
const Reply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({
    type: z.literal('error'),
    id: z.number().int(),
    code: z.enum(ERROR_CODES),
    message: z.string(),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('closed') }),
]);
type Reply = z.infer<typeof Reply>;

/**
 * Check a call before it crosses to the core: a contract method and input that matches its schema.
 * Returns the parsed input (defaults applied). The core validates again on its side (callMethod).
 */
export function checkCall(method: unknown, input: unknown): { method: Method; input: unknown } {
  if (typeof method !== 'string' || method.length > 64 || !isMethod(method)) {
    throw new CoreError('bad_method', `unknown method "${String(method).slice(0, 64)}"`);
  }
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    throw new CoreError('bad_input', `${method}: ${where}${first?.message ?? 'invalid input'}`);
  }
  return { method, input: parsed.data };
}

/** A CoreCaller over a core in this process (CLI, `serve`, tests). */
export function inProcessCaller(service: CoreService): CoreCaller {
  return {
    call: (method, input) => callMethod(service, method, input),
    onEvent: (listener) => service.onEvent((name, payload) => listener(name, payload)),
  };
}

/**
 * Serve a core service on a port: every `call` is answered by a `result` or an `error`, every core
 * event is forwarded, and `shutdown` closes the service and calls `onShutdown` (the host exits).
 */
export function serveCore(
  port: PortLike,
  service: CoreService,
  onShutdown: () => void = () => {},
): () => void {
  const send = (reply: Reply) => port.postMessage(reply);
  const unsubscribeEvents = service.onEvent((name, payload) => send({ type: 'event', name, payload }));
  const stop = port.onMessage((data) => {
    const parsed = Request.safeParse(data);
    if (!parsed.success) return; // not ours: nothing sane to answer
    const msg = parsed.data;
    if (msg.type === 'shutdown') {
      dispose();
      service.close();
      send({ type: 'closed' });
      onShutdown();
      return;
    }
    callMethod(service, msg.method, msg.input).then(
      (result) => send({ type: 'result', id: msg.id, result }),
      (err: unknown) =>
        err instanceof CoreError
          ? send({ type: 'error', id: msg.id, code: err.code, message: err.message })
          : send({
              type: 'error',
              id: msg.id,
              code: 'internal',
              message: err instanceof Error ? err.message : String(err),
            }),
    );
  });
  const dispose = () => {
    unsubscribeEvents();
    stop();
  };
  return dispose;
}

export interface CoreClient extends CoreCaller {
  /** Reject every pending and future call with this error (the host process died). */
  fail(error: Error): void;
  /** Ask the host to close the database; resolves when it confirms (or has already failed). */
  shutdown(): Promise<void>;
  /** Calls waiting for an answer. */
  readonly pending: number;
}

/** The main-process side: calls are checked here, sent with an id, and matched to their reply. */
export function createCoreClient(port: PortLike): CoreClient {
  let nextId = 1;
  let dead: Error | null = null;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const closedWaiters: (() => void)[] = [];

  const stop = port.onMessage((data) => {
    const parsed = Reply.safeParse(data);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.type) {
      case 'event':
        // Payloads are checked by each consumer (the renderer's client validates every event).
        for (const l of listeners) l(msg.name as EventName, msg.payload);
        return;
      case 'closed':
        fail(new Error('the core was shut down'));
        for (const w of closedWaiters.splice(0)) w();
        return;
      case 'result':
        waiting.get(msg.id)?.resolve(msg.result);
        waiting.delete(msg.id);
        return;
      case 'error':
        waiting.get(msg.id)?.reject(new CoreError(msg.code, msg.message));
        waiting.delete(msg.id);
        return;
    }
  });

  function fail(error: Error): void {
    if (dead !== null) return;
    dead = error;
    stop();
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    for (const w of closedWaiters.splice(0)) w();
  }

  return {
    call(method, input) {
      let checked: { method: Method; input: unknown };
      try {
        checked = checkCall(method, input);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      if (dead !== null) return Promise.reject(dead);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        port.postMessage({ type: 'call', id, method: checked.method, input: checked.input });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fail,
    shutdown() {
      if (dead !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        closedWaiters.push(resolve);
        port.postMessage({ type: 'shutdown' });
      });
    },
    get pending() {
      return waiting.size;
    },
  };
}
