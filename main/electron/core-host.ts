// The main-process side of the core: forks the utility process (out/main/core-process.js), hands it
// one end of a MessageChannelMain and returns a CoreCaller over the other end. If the process dies,
// every waiting call fails with its exit code instead of hanging; close() never waits forever.
import path from 'node:path';
import { MessageChannelMain, utilityProcess } from 'electron';
import { createCoreClient, type CoreCaller } from '../core/core-transport';
import { portOf, type CoreInit } from './core-port';

/** How long close() lets the core close its database before the process is killed. */
const SHUTDOWN_GRACE_MS = 5000;

export interface CoreHost extends CoreCaller {
  /** Close the database in the utility process and wait for it to exit. */
  close(): Promise<void>;
}

export function startCoreProcess(mainDir: string, init: CoreInit): CoreHost {
  const child = utilityProcess.fork(path.join(mainDir, 'core-process.js'), [], {
    serviceName: 'BenchLens core',
    stdio: 'inherit',
  });
  const { port1, port2 } = new MessageChannelMain();
  const client = createCoreClient(portOf(port1));
  child.postMessage(init, [port2]);
  port1.start();
  let exited = false;
  const exitWaiters: (() => void)[] = [];
  child.once('exit', (code) => {
    exited = true;
    client.fail(new Error(`the BenchLens core process stopped (exit ${code})`));
    port1.close();
    for (const resolve of exitWaiters.splice(0)) resolve();
  });
  return {
    call: (method, input) => client.call(method, input),
    onEvent: (listener) => client.onEvent(listener),
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => exitWaiters.push(resolve));
      void client.shutdown();
      const timer = setTimeout(() => child.kill(), SHUTDOWN_GRACE_MS);
      await gone;
      clearTimeout(timer);
    },
  };
}
