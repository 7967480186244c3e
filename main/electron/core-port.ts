// What the main process and the core's utility process agree on: the init message (validated on
// arrival) and Electron's MessagePortMain seen as the transport's PortLike.
import type { MessagePortMain } from 'electron';
import { z } from 'zod';
import type { PortLike } from '../core/core-transport';

export const CoreInit = z.object({
  dbPath: z.string().min(1),
  nativeBinding: z.string().min(1).optional(),
  migrationsDir: z.string().min(1).optional(),
});
export type CoreInit = z.infer<typeof CoreInit>;

export function portOf(port: MessagePortMain): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(listener) {
      const handler = (event: Electron.MessageEvent) => listener(event.data);
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}
