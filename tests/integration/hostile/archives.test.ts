// Issue 9 (2): an archive member that fails to parse is drained, so the archive reader goes on to
// the next member instead of waiting forever for the rest of the failed one to be read.
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { Store } from '../../../db/store';
import { Importer } from '../../../main/core/import';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'benchlens-archive-'));
  store = new Store(join(dir, 'db.sqlite'));
});
afterEach(() => store.close());

async function tarGz(name: string, members: [string, string][]): Promise<string> {
  const p = join(dir, name);
  const pack = tarPack();
  for (const [n, text] of members) pack.entry({ name: n }, text);
  pack.finalize();
  await pipeline(pack, createGzip(), createWriteStream(p));
  return p;
}

const good = (c: number) => JSON.stringify({ completed: 5, num_prompts: 5, max_concurrency: c });

describe('archives with a bad member', () => {
  it('imports the members after a malformed JSON larger than the sniffing head (.tar.gz)', async () => {
    // the syntax error sits in the first chunk; the member goes on for 1 MB after it
    const bad = `{"num_prompts": 5, "completed": ,\n"pad": "${'p'.repeat(1 << 20)}"}`;
    const archive = await tarGz('run.tar.gz', [
      ['exp/c1.json', good(1)],
      ['exp/c2.json', bad],
      ['exp/c4.json', good(4)],
    ]);
    const report = await new Importer(store).importPaths([archive]);
    expect(report.errors).toEqual([
      { file: `${archive}!exp/c2.json`, line: 1, message: 'invalid JSON: unexpected ","' },
    ]);
    expect(report.imported.map((i) => i.file)).toEqual([`${archive}!exp/c1.json`, `${archive}!exp/c4.json`]);
  }, 20_000);

  it('skips a zip entry with an odd name (../) and imports the others', async () => {
    const p = join(dir, 'run.zip');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(good(1)), 'exp/c1.json');
    zip.addBuffer(Buffer.from(good(2)), 'XX/evil.json');
    zip.addBuffer(Buffer.from(good(4)), 'exp/c4.json');
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(p));
    // yazl refuses to write "..": patch the name in both headers (the CRC covers only the data)
    const bytes = readFileSync(p);
    writeFileSync(
      p,
      Buffer.from(bytes.toString('latin1').replaceAll('XX/evil.json', '../evil.json'), 'latin1'),
    );
    const report = await new Importer(store).importPaths([p]);
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual([
      { file: `${p}!../evil.json`, reason: 'entry not read: invalid relative path: ../evil.json' },
    ]);
    expect(report.imported.map((i) => i.file)).toEqual([`${p}!exp/c1.json`, `${p}!exp/c4.json`]);
  });

  it('lists tar links and devices as not read, and imports the files around them', async () => {
    const p = join(dir, 'links.tar.gz');
    const pack = tarPack();
    pack.entry({ name: 'exp/c1.json' }, good(1));
    pack.entry({ name: 'exp/passwd.json', type: 'symlink', linkname: '/etc/passwd' });
    pack.entry({ name: 'exp/hard.json', type: 'link', linkname: 'exp/c1.json' });
    pack.entry({ name: 'exp/pipe', type: 'fifo' });
    pack.entry({ name: 'exp/c4.json' }, good(4));
    pack.finalize();
    await pipeline(pack, createGzip(), createWriteStream(p));
    const report = await new Importer(store).importPaths([p]);
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual([
      { file: `${p}!exp/passwd.json`, reason: 'tar symlink entry not read' },
      { file: `${p}!exp/hard.json`, reason: 'tar link entry not read' },
      { file: `${p}!exp/pipe`, reason: 'tar fifo entry not read' },
    ]);
    expect(report.imported.map((i) => i.file)).toEqual([`${p}!exp/c1.json`, `${p}!exp/c4.json`]);
  });
});
