import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from './call';
import { checkCall, createCoreClient, serveCore, type PortLike } from './core-transport';
import { createCoreService } from './service';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  'importers',
  'vllm-startup-log',
  'fixtures',
  'ray-tp2-base.log',
);

function nodePort(port: MessagePort): PortLike {
  return {
    postMessage: (m) => port.postMessage(m),
    onMessage(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

const channels: MessageChannel[] = [];
function channel(): MessageChannel {
  const c = new MessageChannel();
  channels.push(c);
  return c;
}
/** Wait for messages in flight: ports deliver asynchronously, with no fixed delay. */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setImmediate(poll));
    poll();
  });
}

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function setup() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'benchlens-transport-')), 't.db');
  const service = createCoreService({ dbPath, importInWorker: false });
  const { port1, port2 } = channel();
  let shutdowns = 0;
  serveCore(nodePort(port1), service, () => shutdowns++);
  const client = createCoreClient(nodePort(port2));
  return { client, service, shutdownCount: () => shutdowns };
}

describe('core transport over a MessageChannel', () => {
  it('answers contract calls and forwards core events', async () => {
    const { client } = setup();
    const events: string[] = [];
    client.onEvent((name) => events.push(name));
    const report = (await client.call('importFiles', {
      files: [{ name: 'ray-tp2-base.log', content: readFileSync(FIXTURE, 'utf8') }],
    })) as { imported: { name: string }[] };
    expect(report.imported.map((s) => s.name)).toEqual(['ray-tp2-base']);
    const list = (await client.call('listSnapshots', {})) as { name: string; kind: string }[];
    expect(list.map((s) => [s.name, s.kind])).toEqual([['ray-tp2-base', 'startup']]);
    expect(events).toContain('snapshotsChanged');
    expect(events).toContain('importProgress');
    expect(client.pending).toBe(0);
  });

  it('returns core errors as CoreError with their code', async () => {
    const { client } = setup();
    const err: unknown = await client.call('getSnapshot', { snapshot: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'not_found', message: expect.stringContaining('"nope"') });
  });

  it('rejects an unknown method or bad input before anything is sent', async () => {
    const { port2 } = channel();
    const sent: unknown[] = [];
    const client = createCoreClient({
      postMessage: (m) => sent.push(m),
      onMessage: (l) => {
        port2.on('message', l);
        return () => port2.off('message', l);
      },
    });
    await expect(client.call('dropTables', {})).rejects.toMatchObject({ code: 'bad_method' });
    await expect(client.call('getSnapshot', { snapshot: 0 })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/^getSnapshot: snapshot: /),
    });
    await expect(client.call('listSnapshots', { extra: 1 })).rejects.toMatchObject({ code: 'bad_input' });
    expect(sent).toEqual([]);
  });

  it('fills defaults on the main side, so the core receives parsed input', () => {
    expect(checkCall('getSnapshot', { snapshot: 3 })).toEqual({
      method: 'getSnapshot',
      input: { snapshot: 3, ranks: 'slowest' },
    });
    expect(() => checkCall(42, {})).toThrow(CoreError);
    expect(() => checkCall('x'.repeat(65), {})).toThrow(/unknown method/);
  });

  it('rejects waiting and later calls when the host dies', async () => {
    const { port1, port2 } = channel();
    const received: unknown[] = [];
    port1.on('message', (m) => received.push(m)); // a host that never answers
    const client = createCoreClient(nodePort(port2));
    const waiting = client.call('listSnapshots', {});
    await until(() => received.length === 1);
    expect(client.pending).toBe(1);
    client.fail(new Error('core process stopped (exit 9)'));
    await expect(waiting).rejects.toThrow('core process stopped (exit 9)');
    await expect(client.call('listSnapshots', {})).rejects.toThrow('core process stopped (exit 9)');
    expect(received).toEqual([{ type: 'call', id: 1, method: 'listSnapshots', input: {} }]);
  });

  it('shuts the core down on request: the database is closed and later calls fail', async () => {
    const { client, shutdownCount } = setup();
    await client.call('listSnapshots', {});
    await client.shutdown();
    expect(shutdownCount()).toBe(1);
    await expect(client.call('listSnapshots', {})).rejects.toThrow('the core was shut down');
    await client.shutdown(); // idempotent
  });

  it('ignores messages that are not part of the protocol', async () => {
    const { port1, port2 } = channel();
    const { service } = setup();
    serveCore(nodePort(port1), service);
    const replies: unknown[] = [];
    port2.on('message', (m) => replies.push(m));
    port2.postMessage({ type: 'call', id: -1, method: 'listSnapshots' });
    port2.postMessage('hello');
    port2.postMessage({ type: 'call', id: 7, method: 'listSnapshots', input: {} });
    await until(() => replies.length > 0);
    expect(replies).toEqual([{ type: 'result', id: 7, result: [] }]);
  });
});
