// Entry of the core's utility process (Electron utilityProcess.fork): opens the database and serves
// the core on the MessagePort the main process sends with its first message, so SQL, JSON and
// validation never run on the main thread. Imports still go to their own worker thread from here.
import { serveCore } from '../core/core-transport';
import { createCoreService } from '../core/service';
import { CoreInit, portOf } from './core-port';

process.parentPort.once('message', (event) => {
  const port = event.ports[0];
  const init = CoreInit.safeParse(event.data);
  if (port === undefined || !init.success) {
    console.error('BenchLens core: the first message must carry the init object and a MessagePort');
    process.exit(2);
  }
  const service = createCoreService(init.data);
  serveCore(portOf(port), service, () => {
    port.close();
    process.exit(0);
  });
  port.start();
});
