// The main-process side of the core: forks the utility process (out/main/core-process.js), hands it
// one end of a MessageChannelMain and returns a CoreCaller over the other end. If the process dies,
// every waiting call fails with its exit code instead of hanging.
import path from 'node:path';
import { MessageChannelMain, utilityProcess } from 'electron';
import { createCoreClient, type CoreCaller } from '../core/core-transport';
import { portOf, type CoreInit } from './core-port';

export interface CoreHost extends CoreCaller {
  /** Close the database in the utility process and let it exit. */
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
  child.once('exit', (code) => {
    client.fail(new Error(`the BenchLens core process stopped (exit ${code})`));
    port1.close();
  });
  return {
    call: (method, input) => client.call(method, input),
    onEvent: (listener) => client.onEvent(listener),
    close: () => client.shutdown(),
  };
}
