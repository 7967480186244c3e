// The constants a published chart used in place of measured phases, per model, so a user can apply
// them as one named manual scenario and see the chart's totals beside the log's. Pure. Each value
// names its source; only models whose chart constants are documented are listed.
import type { SnapshotDetail } from './model';
import { modelKey } from './model-identity';

export const PUBLISHED_SCENARIO = 'published chart assumptions';

export interface PublishedAssumptions {
  /** The published figure the constants come from. */
  figure: string;
  /** Where the constants are written down. */
  source: string;
  /** Phase → seconds, applied to every start-up of the model (unattributed 0: the chart has no such bar). */
  constants: Readonly<Record<string, number>>;
  /** Applied only to start-ups that fetched a compile cache (a cache hit). */
  cacheHit: Readonly<Record<string, number>>;
}

/** By model key (shared/model-identity.ts). */
export const PUBLISHED_ASSUMPTIONS: Readonly<Record<string, PublishedAssumptions>> = {
  'qwen3-235b-a22b': {
    figure: 'replica_initialization/graphs/Qwen235B.png',
    source:
      'ray-serve-llm-perf-examples, Qwen235B.png: per-model constants the authors assumed (corpus README, "Numbers the app must reproduce")',
    constants: {
      fixed_init: 39,
      memory_profiling: 18.7,
      cuda_graph_capture: 44.6,
      warmup: 47.7,
      unattributed: 0,
    },
    cacheHit: { compile_cache_download: 15.6 },
  },
};

export interface PublishedValue {
  phase: string;
  valueS: number;
  note: string;
}

/** The published chart's values for this snapshot, or null when its model has no documented chart. */
export function publishedValues(
  d: Pick<SnapshotDetail, 'model' | 'meta' | 'phases'>,
): { assumptions: PublishedAssumptions; values: PublishedValue[] } | null {
  const key = modelKey(d.model);
  const a = key === null ? undefined : PUBLISHED_ASSUMPTIONS[key];
  if (!a) return null;
  const hit = d.meta['compileCache'] === 'hit' || d.phases.some((p) => p.id === 'compile_cache_download');
  const note = `assumed constant of the published chart ${a.figure}`;
  const values = Object.entries({ ...a.constants, ...(hit ? a.cacheHit : {}) }).map(([phase, valueS]) => ({
    phase,
    valueS,
    note,
  }));
  return { assumptions: a, values };
}
