// Issue 9 (2): an archive member that fails to parse is drained, so the archive reader goes on to
// the next member instead of waiting forever for the rest of the failed one to be read.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
});
