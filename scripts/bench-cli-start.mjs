// `npm run bench` part: how long `benchlens list` takes to start, through the prebuilt bundle
// (out/cli) and through tsx from the sources, as medians and as ratios to `node -e 0` measured in
// the same run. Prints figures only; nothing here asserts on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const env = {
  ...process.env,
  BENCHLENS_DB: path.join(mkdtempSync(path.join(tmpdir(), 'benchlens-start-')), 'b.db'),
};

function medianMs(args) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

await buildCli({ quiet: true });
// the same CLI from the sources: tsx's loader, as bin/benchlens.js does when the bundle is stale
const fromSources = ['--import', 'tsx', 'main/cli/index.ts', 'list'];
const baseline = medianMs(['-e', '0']);
const bundled = medianMs(['bin/benchlens.js', 'list']);
const tsx = medianMs(fromSources);
const row = (label, ms) =>
  `${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / baseline).toFixed(2)}x`;
console.log(`\nCLI start (median of ${RUNS} runs, ratio to node -e 0)`);
console.log(row('node -e 0', baseline));
console.log(row('benchlens list (bundle, out/cli)', bundled));
console.log(row('benchlens list (tsx, sources)', tsx));
console.log(`bundle vs tsx: ${(tsx / bundled).toFixed(2)}x faster`);
