// `tsx scripts/bench-log-hash.ts [DIR…]`: one sha256 per file of what the start-up log importer
// returns for it (sniff verdict, then the records of its streaming consumer), and a total, so a
// parser change can be proven not to change results (run before and after, diff the outputs).
// Defaults: the corpus (BENCHLENS_CORPUS), the log gallery and the parser's fixtures.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vllmStartupLogImporter } from '../main/importers/vllm-startup-log/importer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  if (process.env['BENCHLENS_CORPUS']) dirs.push(process.env['BENCHLENS_CORPUS']);
  dirs.push(join(ROOT, 'tests/fixtures'), join(ROOT, 'main/importers/vllm-startup-log/fixtures'));
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** The records of one file, fed in chunks of `chunk` bytes (splitting lines across chunks). */
function records(data: Buffer, chunk: number): unknown {
  const c = vllmStartupLogImporter.consumer();
  for (let i = 0; i < data.length; i += chunk) c.push(data.subarray(i, i + chunk));
  return c.end();
}

const total = createHash('sha256');
let files = 0;
let logs = 0;
for (const dir of dirs) {
  for (const file of walk(dir)) {
    const data = readFileSync(file);
    if (data.includes(0)) continue; // binary: not a text importer's input
    const sniff = vllmStartupLogImporter.sniff(file, data.subarray(0, 1 << 16));
    let body: string;
    if (sniff.match) {
      body = JSON.stringify(records(data, 1 << 16));
      // the same records whatever the chunking (lines split across chunks)
      if (JSON.stringify(records(data, 4093)) !== body) throw new Error(`${file}: chunking changes records`);
      logs++;
    } else body = `no: ${sniff.reason}`;
    const h = createHash('sha256').update(body).digest('hex');
    total.update(`${relative(dir, file)} ${h}\n`);
    process.stdout.write(`${h.slice(0, 16)} ${relative(ROOT, file)}\n`);
    files++;
  }
}
process.stdout.write(`total ${total.digest('hex')} (${files} files, ${logs} start-up logs)\n`);
