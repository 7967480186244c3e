// Hand-written phase fixtures for the chart layout tests (shaped like the Qwen3-235B cold starts).
import type { Phase, RankValue } from '../shared/model';

export function phase(id: string, startS: number, durationS: number, extra: Partial<Phase> = {}): Phase {
  return {
    id,
    parent: null,
    startS,
    durationS,
    source: 'log',
    detail: `${id} took ${durationS} s`,
    ranks: [],
    lines: [],
    measuredS: null,
    note: null,
    ...extra,
  };
}

export function ranks(...values: number[]): RankValue[] {
  return values.map((valueS, i) => ({ rank: String(1000 + i), valueS, repeated: 0, atS: null, line: null }));
}

export const BASELINE: Phase[] = [
  phase('fixed_init', 0, 40),
  phase('model_loading', 40, 758, { ranks: ranks(740, 758, 751) }),
  phase('weights_download', 40, 724, { parent: 'model_loading' }),
  phase('weights_load', 764, 34, { parent: 'model_loading' }),
  phase('torch_compile', 798, 113),
  phase('dynamo_transform', 798, 18, { parent: 'torch_compile' }),
  phase('inductor_compile', 816, 95, { parent: 'torch_compile' }),
  phase('cuda_graph_capture', 911, 44, { ranks: ranks(44, 44) }),
  phase('warmup', 955, 27),
  phase('unattributed', 982, 0, { source: 'derived' }),
];

export const CANDIDATE: Phase[] = [
  phase('fixed_init', 0, 40),
  phase('compile_cache_download', 40, 15.6, {
    source: 'manual',
    note: 'published constant',
    measuredS: null,
  }),
  phase('model_loading', 55.6, 78),
  phase('torch_compile', 133.6, 23.4),
  phase('compile_cache_load', 133.6, 5.8, { parent: 'torch_compile' }),
  phase('cuda_graph_capture', 157, 44),
  phase('warmup', 201, 59),
];
