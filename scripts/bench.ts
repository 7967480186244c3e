// `npm run bench`: prints import figures — a large generated start-up log through the streaming
// parser and a large generated `--save-detailed` JSON through the scanner (throughput, peak heap),
// and the whole corpus folder into a fresh database when BENCHLENS_CORPUS is set. Figures only.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCoreService } from '../main/core/service';
import { toServingPoint } from '../main/importers/vllm-bench-json/bench-result';
import { JsonObjectScanner } from '../main/importers/vllm-bench-json/json-scanner';
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
    if (++n % 100_000 === 0) {
      // what the parser retains, not garbage awaiting collection
      (globalThis as { gc?: () => void }).gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  const r = p.finish();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `startup-log parser: ${n.toLocaleString()} lines, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(2)} s → ` +
      `${Math.round(n / s).toLocaleString()} lines/s, ${(bytes / 1e6 / s).toFixed(1)} MB/s; ` +
      `${r.stats.duplicates.toLocaleString()} echoed lines dropped; retained heap +${((peak - heap0) / 1e6).toFixed(0)} MB at peak`,
  );
}

async function generateDetailed(path: string, requests: number): Promise<void> {
  // a `vllm bench serve --save-detailed` result: per-request arrays dominate the file
  const out = createWriteStream(path);
  out.write(
    `{"date": "20260312-090000", "backend": "vllm", "model_id": "acme/big", "num_prompts": ${requests}, ` +
      `"request_rate": 1000000000.0, "max_concurrency": 256, "completed": ${requests}, "failed": 0, ` +
      `"output_throughput": 12345.6, "mean_ttft_ms": NaN`,
  );
  const arr = (key: string, item: (i: number) => string) => {
    out.write(`, "${key}": [`);
    for (let i = 0; i < requests; i++) out.write((i ? ', ' : '') + item(i));
    out.write(']');
  };
  arr('input_lens', () => '1024');
  arr('output_lens', () => '256');
  arr('ttfts', (i) => String(0.1 + (i % 100) / 1000));
  arr('itls', () => `[${Array.from({ length: 64 }, (_, k) => (0.01 + k / 1e5).toFixed(5)).join(', ')}]`);
  arr('generated_texts', (i) => JSON.stringify(`generated text number ${i} `.repeat(20)));
  out.end('}');
  await once(out, 'finish');
}

async function benchDetailedJson(): Promise<void> {
  const path = join(dir, 'conc256-detailed.json');
  await generateDetailed(path, 60_000);
  const bytes = statSync(path).size;
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const t0 = performance.now();
  const scanner = new JsonObjectScanner();
  const decoder = new TextDecoder();
  let chunks = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    scanner.feed(decoder.decode(chunk, { stream: true }));
    if (++chunks % 8 === 0) {
      (globalThis as { gc?: () => void }).gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  const { point } = toServingPoint(scanner.end());
  const s = (performance.now() - t0) / 1000;
  console.log(
    `--save-detailed JSON scanner: ${(bytes / 1e6).toFixed(1)} MB (${Object.keys(point.metrics).length} keys, ` +
      `${(point.metrics['ttfts'] as { count: number }).count.toLocaleString()} requests) in ${s.toFixed(2)} s → ` +
      `${(bytes / 1e6 / s).toFixed(1)} MB/s; retained heap +${((peak - heap0) / 1e6).toFixed(0)} MB at peak`,
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
  const r = await svc.handlers.importPaths({ paths: [corpus] });
  const s = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const again = await svc.handlers.importPaths({ paths: [corpus] });
  const s2 = (performance.now() - t1) / 1000;
  const list = await svc.handlers.listSnapshots({});
  console.log(
    `whole corpus folder into a fresh database (${svc.importMode}): ${r.imported.length} files imported, ` +
      `${r.attached?.length ?? 0} figures, ${r.skipped.length} skipped, ${r.errors.length} errors → ` +
      `${list.filter((x) => x.kind === 'startup').length} start-up + ${list.filter((x) => x.kind === 'serving').length} serving snapshots ` +
      `in ${s.toFixed(2)} s; re-import (${again.unchanged.length} unchanged, ${again.imported.length} imported) ${s2.toFixed(2)} s`,
  );
  svc.close();
}

await benchParser();
await benchDetailedJson();
await benchCorpus();
rmSync(dir, { recursive: true, force: true });
