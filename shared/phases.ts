// The startup phase catalogue: ids, labels, order, parent/child structure and colours.
// Guarantees one fixed colour per phase across the app and every export (Okabe–Ito based,
// distinguishable for the common colour-vision deficiencies).

export const TOP_PHASES = [
  'fixed_init',
  'compile_cache_download',
  'model_loading',
  'torch_compile',
  'memory_profiling',
  'cuda_graph_capture',
  'warmup',
  'unattributed',
] as const;

export const CHILD_PHASES = {
  model_loading: ['weights_download', 'weights_load', 'weights_stream'],
  torch_compile: ['dynamo_transform', 'inductor_compile', 'compile_cache_load'],
} as const;

export type TopPhaseId = (typeof TOP_PHASES)[number];
export type ChildPhaseId = (typeof CHILD_PHASES)[keyof typeof CHILD_PHASES][number];
export type KnownPhaseId = TopPhaseId | ChildPhaseId;

/** Phase ids users may add by hand for time no log contains (e.g. node provisioning). */
export const PHASE_ID_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

interface PhaseInfo {
  label: string;
  color: string;
  parent: TopPhaseId | null;
  description: string;
}

export const PHASE_INFO: Record<KnownPhaseId, PhaseInfo> = {
  fixed_init: {
    label: 'Fixed Ray/node init',
    color: '#999999',
    parent: null,
    description: 'Replica start to the first "Starting to load model", minus any compile-cache download',
  },
  compile_cache_download: {
    label: 'Compile-cache download',
    color: '#CC79A7',
    parent: null,
    description: 'Fetching the torch.compile cache before the engine starts (cache hit only)',
  },
  model_loading: {
    label: 'Model loading',
    color: '#0072B2',
    parent: null,
    description: 'Slowest rank\'s "Model loading took … seconds"',
  },
  weights_download: {
    label: 'Weights download',
    color: '#56B4E9',
    parent: 'model_loading',
    description: '"Time spent downloading weights for …"',
  },
  weights_load: {
    label: 'Weights load',
    color: '#3D8FC4',
    parent: 'model_loading',
    description: '"Loading weights took … seconds"',
  },
  weights_stream: {
    label: 'Weights stream (RunAI)',
    color: '#7FC3E8',
    parent: 'model_loading',
    description: '"[RunAI Streamer] Overall time to stream …"',
  },
  torch_compile: {
    label: 'torch.compile',
    color: '#E69F00',
    parent: null,
    description: 'Slowest rank\'s "torch.compile takes … s in total"',
  },
  dynamo_transform: {
    label: 'Dynamo transform',
    color: '#F0C060',
    parent: 'torch_compile',
    description: '"Dynamo bytecode transform time"',
  },
  inductor_compile: {
    label: 'Inductor compile',
    color: '#D55E00',
    parent: 'torch_compile',
    description: 'Sum of "Compiling a graph for … takes N s" per rank',
  },
  compile_cache_load: {
    label: 'Compile-cache load',
    color: '#F5B97A',
    parent: 'torch_compile',
    description: '"Directly load the compiled graph(s) … from the cache, took N s"',
  },
  memory_profiling: {
    label: 'Memory profiling / KV cache',
    color: '#009E73',
    parent: null,
    description: 'init engine minus compile, CUDA graph capture and KV-cache init',
  },
  cuda_graph_capture: {
    label: 'CUDA graph capture',
    color: '#F0E442',
    parent: null,
    description: '"Graph capturing finished in N secs"',
  },
  warmup: {
    label: 'Warmup → first request',
    color: '#882255',
    parent: null,
    description: 'KV-cache init, then engine ready to the first request reaching the engine',
  },
  unattributed: {
    label: 'Unattributed',
    color: '#CCCCCC',
    parent: null,
    description: 'Wall-clock time no log message explains',
  },
};

const CUSTOM_COLORS = ['#44AA99', '#332288', '#AA4499', '#117733', '#661100'];

export function isKnownPhase(id: string): id is KnownPhaseId {
  return Object.prototype.hasOwnProperty.call(PHASE_INFO, id);
}

export function phaseLabel(id: string): string {
  return isKnownPhase(id) ? PHASE_INFO[id].label : id.replace(/_/g, ' ');
}

export function phaseColor(id: string): string {
  if (isKnownPhase(id)) return PHASE_INFO[id].color;
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return CUSTOM_COLORS[h % CUSTOM_COLORS.length] ?? '#44AA99';
}

export function phaseParent(id: string): string | null {
  return isKnownPhase(id) ? PHASE_INFO[id].parent : null;
}

/** Sort key: custom (pre-start, e.g. provisioning) phases first, then catalogue order. */
export function phaseOrder(id: string): number {
  const top = (TOP_PHASES as readonly string[]).indexOf(id);
  if (top >= 0) return (top + 1) * 10;
  for (const [parent, kids] of Object.entries(CHILD_PHASES)) {
    const k = (kids as readonly string[]).indexOf(id);
    if (k >= 0) return ((TOP_PHASES as readonly string[]).indexOf(parent) + 1) * 10 + k + 1;
  }
  return 0;
}

/**
 * Phases no log contains that a user may add by hand (time before the replica starts). With the
 * catalogue above they are the only ids `annotate` accepts, so a typo cannot add a phase.
 */
export const MANUAL_ONLY_PHASES = ['node_provisioning', 'image_pull'] as const;

/** Every phase id a manual value may name: the catalogue's phases, then the manual-only ones. */
export const ANNOTATABLE_PHASES: readonly string[] = [
  ...TOP_PHASES,
  ...Object.values(CHILD_PHASES).flat(),
  ...MANUAL_ONLY_PHASES,
];

export function isAnnotatablePhase(id: string): boolean {
  return ANNOTATABLE_PHASES.includes(id);
}
