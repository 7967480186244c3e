// `npm run bench`: prints import figures — a large generated start-up log through the streaming
// parser (lines/s, MB/s, peak heap), and the corpus start-up logs into a fresh database when
// BENCHLENS_CORPUS is set. Figures only; nothing here asserts on time.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCoreService } from '../main/core/service';
import { readLines } from '../main/importers/line-reader';
import { StartupLogParser } from '../main/importers/vllm-startup-log/parser';

const dir = mkdtempSync(join(tmpdir(), 'benchlens-bench-'));

function generateLog(path: string, ranks: number, noiseLines: number): void {
  const out: string[] = [];
  const ts = (s: number) => {
    const h = 10 + Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    return `03-02 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  };
  const LLM = '\x1b[36m(ServeReplica:bench:LLMServer:big pid=100)\x1b[0m';
  out.push(`${LLM} INFO ${ts(0)} [__init__.py:224] Automatically detected platform cuda.`);
  for (let r = 0; r < ranks; r++)
    out.push(
      `(RayWorkerWrapper pid=${1000 + r}) INFO ${ts(30)} [gpu_model_runner.py:2845] Starting to load model big...`,
    );
  for (let i = 0; i < noiseLines; i++) {
    const r = i % ranks;
    const line = `(RayWorkerWrapper pid=${1000 + r}) INFO ${ts(30 + (i % 3000))} [worker.py:${i % 997}] progress chunk ${i} of ${noiseLines}: Read throughput is ${(i % 1000) / 10} MB per second`;
    out.push(line, `${LLM} (EngineCore_DP0 pid=200) ${line}`);
  }
  for (let r = 0; r < ranks; r++)
    out.push(
      `(RayWorkerWrapper pid=${1000 + r}) INFO ${ts(3100)} [gpu_model_runner.py:2906] Model loading took 50 GiB and ${3000 + r}.5 seconds`,
    );
  out.push(
    `${LLM} (EngineCore_DP0 pid=200) INFO ${ts(3200)} [core.py:243] init engine (profile, create kv cache, warmup model) took 90.00 seconds`,
  );
  out.push(`${LLM} INFO ${ts(3210)} [async_llm.py:344] Added request r-1.`);
  writeFileSync(path, `${out.join('\n')}\n`);
}

async function benchParser(): Promise<void> {
  const path = join(dir, 'big.log');
  generateLog(path, 8, 400_000);
  const bytes = statSync(path).size;
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const t0 = performance.now();
  const p = new StartupLogParser();
  let n = 0;
  for await (const l of readLines(path)) {
    p.push(l.text, l.line);
    if (++n % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const r = p.finish();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `startup-log parser: ${n.toLocaleString()} lines, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(2)} s → ` +
      `${Math.round(n / s).toLocaleString()} lines/s, ${(bytes / 1e6 / s).toFixed(1)} MB/s; ` +
      `${r.stats.duplicates.toLocaleString()} echoed lines dropped; heap +${((peak - heap0) / 1e6).toFixed(0)} MB at peak`,
  );
}

async function benchCorpus(): Promise<void> {
  const corpus = process.env['BENCHLENS_CORPUS'];
  if (!corpus) {
    console.log('corpus import: skipped (set BENCHLENS_CORPUS to the perf-examples folder)');
    return;
  }
  const svc = createCoreService({ dbPath: join(dir, 'corpus.db') });
  const t0 = performance.now();
  const r = await svc.handlers.importPaths({ paths: [join(corpus, 'replica_initialization')] });
  const s = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const again = await svc.handlers.importPaths({ paths: [join(corpus, 'replica_initialization')] });
  const s2 = (performance.now() - t1) / 1000;
  console.log(
    `corpus replica_initialization into a fresh database: ${r.imported.length} imported, ${r.skipped.length} skipped, ` +
      `${r.errors.length} errors in ${s.toFixed(2)} s; re-import (${again.unchanged.length} unchanged) ${s2.toFixed(2)} s`,
  );
  svc.close();
}

await benchParser();
await benchCorpus();
rmSync(dir, { recursive: true, force: true });
