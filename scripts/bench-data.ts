// Generators for the benchmark's large inputs: a library of N snapshots written through the store
// (start-up and serving, bundles, models, attributes as the importers write them) and a serving
// series of N points. Deterministic: the same N gives the same library.
import { pathToFileURL } from 'node:url';
import type { Store } from '../db/store';
import type { ServingPoint } from '../shared/model';
import { NO_MEASUREMENTS, type StartupMeasurements } from '../shared/startup-phases';

export const MODELS = [
  'meta-llama/Llama-3.1-8B-Instruct',
  'meta-llama/Llama-3.3-70B-Instruct',
  'Qwen/Qwen3-235B-A22B',
  'Qwen/Qwen3-32B',
  'deepseek-ai/DeepSeek-R1',
  'mistralai/Mistral-Large-2411',
  'google/gemma-3-27b-it',
  'openai/gpt-oss-120b',
];
const LOAD_FORMATS = ['safetensors', 'runai_streamer', 'tensorizer', 'fastsafetensors'];
const GPUS = ['H100', 'H200', 'A100', 'L40S'];

const MEASUREMENTS: StartupMeasurements = { ...NO_MEASUREMENTS, startLine: 1 };

/** Every `servingEvery`-th snapshot is a serving one with `pointsPerServing` points; the rest start-up. */
export interface LibraryShape {
  servingEvery?: number;
  pointsPerServing?: number;
  bundles?: number;
}

/**
 * Writes `n` snapshots through the store's own insert methods in one transaction (a savepoint per
 * snapshot), so the rows, search text and sort keys are what an import writes.
 */
export function fillLibrary(store: Store, n: number, shape: LibraryShape = {}): void {
  const servingEvery = shape.servingEvery ?? 5;
  const pointsPer = shape.pointsPerServing ?? 6;
  const bundles = shape.bundles ?? Math.max(1, Math.round(n / 500));
  store.write(() => {
    for (let i = 0; i < n; i++) {
      const model = MODELS[i % MODELS.length] ?? null;
      const bundle = i % 11 === 10 ? null : `bundle-${String(i % bundles).padStart(4, '0')}`;
      const tp = [1, 2, 4, 8][i % 4] ?? 1;
      const meta = {
        tensorParallelSize: tp,
        loadFormat: LOAD_FORMATS[i % LOAD_FORMATS.length] ?? null,
        gpu: GPUS[(i >> 2) % GPUS.length] ?? null,
        vllmVersion: `0.${8 + (i % 4)}.${i % 3}`,
      };
      const source = (k: string) => ({
        identity: `gen:${i}:${k}`,
        path: `/gen/${bundle ?? 'files'}/run-${i}/${k}`,
        size: 1000 + i,
        sha256: `${i}`.padStart(64, '0'),
        format: i % servingEvery === 0 ? 'vllm-bench-json' : 'vllm-startup-log',
        importerVersion: 1,
        bundle,
      });
      if (i % servingEvery === 0) {
        for (let p = 0; p < pointsPer; p++) {
          const concurrency = 2 ** p;
          store.insertServingPoint(
            source(`conc${concurrency}.json`),
            {
              key: `gen/${bundle ?? 'files'}/exp-${i}`,
              name: `exp-${i}`,
              bundle,
              model,
              attributes: { replicas: 1 + (i % 4), gpus: tp * (1 + (i % 4)) },
              meta,
            },
            {
              file: `conc${concurrency}.json`,
              part: null,
              aggregate: false,
              concurrency,
              concurrencyUnbounded: false,
              requestRate: null,
              rateInfinite: true,
              repeat: null,
              completed: 100,
              failed: 0,
              numPrompts: 100,
              durationS: 60,
              date: null,
              metrics: { output_throughput: 100 * concurrency + (i % 97), mean_ttft_ms: 50 + p },
              flags: {},
            },
            [],
          );
        }
      } else {
        store.insertStartup(source('replica.log'), {
          name: `run-${i}`,
          model,
          bundle,
          meta,
          measurements: MEASUREMENTS,
          issues: [],
          phases: [],
          totalS: 60 + (i % 600),
          events: [],
        });
      }
    }
  });
}

/** A serving curve of `n` points: concurrency 1…n, a noisy saturating throughput and a rising TTFT. */
export function seriesPoints(n: number): ServingPoint[] {
  const out: ServingPoint[] = [];
  for (let i = 0; i < n; i++) {
    const c = i + 1;
    const noise = ((i * 2654435761) % 1000) / 1000 - 0.5;
    out.push({
      id: i + 1,
      file: `conc${c}.json`,
      part: null,
      aggregate: false,
      concurrency: c,
      concurrencyUnbounded: false,
      requestRate: null,
      rateInfinite: true,
      repeat: null,
      completed: 100,
      failed: 0,
      numPrompts: 100,
      durationS: 60,
      date: null,
      metrics: {
        output_throughput: (20_000 * c) / (c + 500) + 200 * noise,
        mean_ttft_ms: 40 + c / 50 + 5 * noise,
      },
      flags: {},
      sourcePath: `/gen/series/conc${c}.json`,
    });
  }
  return out;
}

// `tsx scripts/bench-data.ts library N FILE.db`: writes a generated N-snapshot library (e2e, by hand)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [what, n, file] = process.argv.slice(2);
  if (what !== 'library' || !n || !/^\d+$/.test(n) || !file) {
    process.stderr.write('usage: tsx scripts/bench-data.ts library N FILE.db\n');
    process.exit(2);
  }
  const { Store } = await import('../db/store');
  const store = new Store(file);
  fillLibrary(store, Number(n));
  store.close();
  process.stdout.write(`${file}: ${Number(n).toLocaleString()} snapshots\n`);
}
