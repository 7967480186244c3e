// The versioned table of vLLM / Ray Serve startup messages the importer understands.
// Each entry names the vLLM source that prints it and the versions seen, so a new wording is
// one new row, not a scattered regex. Order matters only where two rows could match one line.

export type MeasureKey =
  | 'model_loading'
  | 'weights_download'
  | 'weights_load'
  | 'weights_stream'
  | 'weights_load_gb_v0'
  | 'torch_compile'
  | 'dynamo_transform'
  | 'inductor_compile'
  | 'compile_cache_load'
  | 'compile_cache_download'
  | 'cuda_graph_capture'
  | 'init_engine'
  | 'memory_profiling_v0'
  | 'profiling_warmup'
  | 'mm_warmup'
  | 'weights_prefetch'
  | 'torch_compile_and_warmup';

export type AnchorKey =
  | 'start_load'
  | 'kv_available'
  | 'kv_cache_size'
  | 'first_request'
  | 'request_error'
  | 'app_ready'
  | 'engine_failed';

export interface MessagePattern {
  id: string;
  regex: RegExp;
  /** Which measurement (seconds, per rank) the first numeric group feeds, if any. */
  measure?: MeasureKey;
  /** Index of the capture group holding the seconds value. */
  valueGroup?: number;
  /** A timestamp the phase rules use. */
  anchor?: AnchorKey;
  /** Only lines at this level match (e.g. request errors). */
  level?: string;
  /** Where vLLM prints it and which versions use this wording. */
  source: string;
}

export const PATTERNS_VERSION = 5;

export const MESSAGE_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'model-loading-v1',
    regex: /Model loading took ([\d.]+) ?(?:GiB|GB)(?: memory)? and ([\d.]+) ?s(?:econds)?\b/,
    measure: 'model_loading',
    valueGroup: 2,
    source:
      'v1/worker/gpu_model_runner.py load_model: "Model loading took %.4f GiB and %.6f seconds" (0.8–0.11); "… GiB memory and … seconds" (0.11+)',
  },
  {
    id: 'model-weights-v0',
    regex: /Loading model weights took ([\d.]+) ?GB/,
    measure: 'weights_load_gb_v0',
    valueGroup: 1,
    source: 'worker/model_runner.py (V0): "Loading model weights took %.4f GB" — memory only, no seconds',
  },
  {
    id: 'weights-download',
    regex: /Time spent downloading weights for (.+?): ([\d.]+) ?s(?:econds)?\b/,
    measure: 'weights_download',
    valueGroup: 2,
    source: 'model_executor/model_loader/weight_utils.py download_weights_from_hf',
  },
  {
    id: 'weights-load',
    regex: /Loading weights took ([\d.]+) ?s(?:econds)?\b/,
    measure: 'weights_load',
    valueGroup: 1,
    source: 'model_executor/model_loader/default_loader.py load_weights',
  },
  {
    id: 'weights-prefetch',
    regex: /Prefetching checkpoint files into page cache finished in ([\d.]+) ?s/,
    measure: 'weights_prefetch',
    valueGroup: 1,
    source: 'model_executor/model_loader/weight_utils.py (2026): checkpoint prefetch into the page cache',
  },
  {
    id: 'runai-stream',
    regex: /\[RunAI Streamer\] Overall time to stream ([\d.]+ ?\w+) of all files: ([\d.]+) ?s/,
    measure: 'weights_stream',
    valueGroup: 2,
    source: 'runai_model_streamer (RunAI Streamer) summary line, load_format=runai_streamer[_sharded]',
  },
  {
    id: 'torch-compile-total',
    regex: /torch\.compile (?:takes|took) ([\d.]+) ?s in total/,
    measure: 'torch_compile',
    valueGroup: 1,
    source: 'compilation/monitor.py end_monitoring_torch_compile: "takes" (≤0.11), "took" (2026)',
  },
  {
    id: 'dynamo-transform',
    regex: /Dynamo bytecode transform time: ([\d.]+) ?s/,
    measure: 'dynamo_transform',
    valueGroup: 1,
    source: 'compilation/backends.py VllmBackend.__call__',
  },
  {
    id: 'inductor-compile',
    regex:
      /Compiling a graph for (dynamic shape|general shape|compile range \(\d+, ?\d+\)|shape [^ ]+|[^ ].*?) takes ([\d.]+) ?s/,
    measure: 'inductor_compile',
    valueGroup: 2,
    source:
      'compilation/backends.py: "Compiling a graph for dynamic shape|general shape|compile range (a, b) takes %.2f s" (summed per rank)',
  },
  {
    id: 'compile-cache-load',
    regex: /Directly load the compiled graph\(s\) for (.+?) from the cache(?:, took ([\d.]+) ?s)?/,
    measure: 'compile_cache_load',
    valueGroup: 2,
    source:
      'compilation/backends.py: "Directly load the compiled graph(s) for … from the cache[, took %.3f s]" (a compile-cache hit)',
  },
  {
    id: 'aot-compile-load',
    regex: /Directly load AOT compilation from path (\S+?)(?:, took ([\d.]+) ?s)?$/,
    measure: 'compile_cache_load',
    valueGroup: 2,
    source:
      'compilation/decorators.py (2026, VLLM_USE_AOT_COMPILE): "Directly load AOT compilation from path %s" (an AOT compile-cache hit, no duration)',
  },
  {
    id: 'torch-compile-and-warmup',
    regex: /torch\.compile and initial profiling\/warmup run together took ([\d.]+) ?s in total/,
    measure: 'torch_compile_and_warmup',
    valueGroup: 1,
    source:
      'compilation/monitor.py (0.18+, vLLM #40585): "torch.compile and initial profiling/warmup run together took %.2f s in total" (one figure for both)',
  },
  {
    id: 'compile-cache-download',
    regex:
      /(?:Downloaded|Downloading|Fetched) (?:the )?(?:torch[._]?compile|compil(?:e|ation)) cache\b.*?(?:in|took) ([\d.]+) ?s/i,
    measure: 'compile_cache_download',
    valueGroup: 1,
    source: 'compile-cache downloader message (Ray Serve LLM / Anyscale), when printed',
  },
  {
    id: 'graph-capture',
    regex: /Graph capturing finished in ([\d.]+) ?secs?(?:, took (-?[\d.]+) ?GiB)?/,
    measure: 'cuda_graph_capture',
    valueGroup: 1,
    source:
      'v1/worker/gpu_model_runner.py capture_model: "Graph capturing finished in %.0f secs, took %.2f GiB" (the memory may print negative, vLLM #35983)',
  },
  {
    id: 'init-engine',
    regex: /init engine \([^)]*\) took ([\d.]+) ?s(?:econds)?\b(?: \(compilation: ([\d.]+) ?s\))?/,
    measure: 'init_engine',
    valueGroup: 1,
    source:
      'v1/engine/core.py _initialize_kv_caches: "… took %.2f seconds" (≤0.11); "… took %.2f s (compilation: %.2f s)" (2025-2026)',
  },
  {
    id: 'memory-profiling-v0',
    regex: /Memory profiling takes ([\d.]+) ?s(?:econds)?\b/,
    measure: 'memory_profiling_v0',
    valueGroup: 1,
    source: 'worker/worker.py determine_num_available_blocks (V0 0.7–0.10; includes torch.compile)',
  },
  {
    id: 'memory-profiling-v0-results',
    regex: /^(?:Memory profiling results: duration=|duration\s+)([\d.]+) ?s(?:econds)?\b/,
    measure: 'memory_profiling_v0',
    valueGroup: 1,
    source:
      'worker/worker.py (V0 0.6.4–0.6.5): "Memory profiling results: duration=%.2f seconds, …" and its table form "duration  %.2f seconds"',
  },
  {
    id: 'mm-warmup',
    regex: /Multi-modal warmup completed in ([\d.]+) ?s(?:ecs?|econds)?\b/,
    measure: 'mm_warmup',
    valueGroup: 1,
    source: 'v1/worker/gpu_model_runner.py (2026): multi-modal encoder warm-up',
  },
  {
    id: 'profiling-warmup',
    regex: /Initial (?:profiling\/warmup|profiling|warmup) run took ([\d.]+) ?s/,
    measure: 'profiling_warmup',
    valueGroup: 1,
    source: 'v1/worker/gpu_worker.py (2026): profile run duration',
  },
  {
    id: 'start-load',
    regex: /Starting to load model (.+?)\.\.\./,
    anchor: 'start_load',
    source: 'v1/worker/gpu_model_runner.py load_model',
  },
  {
    id: 'kv-available',
    regex: /Available KV cache memory: ([\d.]+) ?GiB/,
    anchor: 'kv_available',
    source: 'v1/worker/gpu_worker.py determine_available_memory (end of memory profiling)',
  },
  {
    id: 'kv-cache-size',
    regex: /GPU KV cache size: ([\d,]+) tokens/,
    anchor: 'kv_cache_size',
    source: 'v1/core/kv_cache_utils.py (KV cache allocated)',
  },
  {
    id: 'first-request',
    regex: /\b(?:Added|Received) request (\S+?)[.:]?(?:\s|$)/,
    anchor: 'first_request',
    source: 'v1/engine/async_llm.py add_request / entrypoints logger',
  },
  {
    id: 'request-error',
    regex:
      /Error in (?:preprocessing prompt inputs|chat completion|completion)|Error processing request|Traceback \(most recent call last\)/,
    anchor: 'request_error',
    level: 'ERROR',
    source: 'entrypoints/openai/serving_chat.py: the first request failed (e.g. no chat template)',
  },
  {
    id: 'engine-failed',
    regex:
      /EngineCore failed to start|Engine core initialization failed|Exception in Replica\(|the replica will be stopped|CUDA out of memory|OutOfMemoryError|Worker proc \S+ died unexpectedly/,
    anchor: 'engine_failed',
    level: 'ERROR',
    source:
      'v1/engine/core.py run_engine_core ("EngineCore failed to start."), v1/engine/utils.py wait_for_engine_startup, Ray Serve controller replica failure, torch OOM',
  },
  {
    id: 'app-ready',
    regex:
      /Application '?[\w-]*'? is ready|Deployed app '?[\w-]*'? successfully|Application startup complete|Starting vLLM (?:API )?server on /,
    anchor: 'app_ready',
    source:
      'Ray Serve controller / uvicorn: application ready; entrypoints/openai/api_server.py "Starting vLLM API server on" (≤0.11), "Starting vLLM server on" (2026)',
  },
];

export const META_PATTERNS = {
  engineConfig: /Initializing a V1 LLM engine \((v?[^)]+)\) with config: (.*)$/,
  engineConfigV0: /Initializing an? (?:V0 )?LLM engine \((v?[^)]+)\) with config: (.*)$/,
  apiServerVersion: /vLLM API server version ([\w.+-]+)/,
  architecture: /Resolved architecture: (\w+)/,
  deviceName: /device_name=([A-Za-z0-9_-]+?)(?:\.json|,|\s|$)/,
  gpuName: /(?:GPU|Device)(?: name)?: (NVIDIA [\w -]+?|AMD [\w -]+?)(?:,|\s*$)/,
  s3Model: /s3:\/\/[^/\s'"]+\/([^/\s'"]+)\//,
  tensorParallel: /tensor_parallel_size=(\d+)/,
  loadFormat: /load_format=([\w.]+)/,
  configModel: /\bmodel='([^']+)'/,
  worldSize: /rank \d+ in world size (\d+)/,
  /** Messages that make a line a known vLLM start-up line although they carry no value. */
  known:
    /Initializing an? (?:V[01] )?LLM engine|vLLM API server version|Loading model from scratch|Waiting for init message from front-end/,
} as const;

/**
 * The literal text every match of `re` contains, read from its source: the run of plain (or
 * escaped punctuation) characters it opens with, after a leading `\b`. null when there is none
 * of at least 4 characters, when the source has a top-level `|`, or for flags other than none.
 */
export function requiredLiteral(re: RegExp): string | null {
  if (re.flags !== '') return null;
  // a top-level alternative: no single literal is required
  if (topLevelAlternatives(re.source).length > 1) return null;
  const lit = literalPrefix(re.source);
  return lit.length >= 4 ? lit : null;
}

/** `src` split at its top-level `|` (not inside a group, a class or after a backslash). */
function topLevelAlternatives(src: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(src.slice(from, i));
      from = i + 1;
    }
  }
  out.push(src.slice(from));
  return out;
}

/** The run of plain (or escaped punctuation) characters `src` opens with, after a leading `\b`. */
function literalPrefix(src: string): string {
  let i = src.startsWith('\\b') ? 2 : 0;
  let lit = '';
  let lastLen = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (!/^[.()[\]{}/\\*+?^$|-]$/.test(n)) break; // a class (\d, \s, \w, \b…): not literal
      lastLen = 1;
      lit += n;
      i += 2;
    } else if (/^[\w :'",=<>!@#%&;~`-]$/.test(c)) {
      lastLen = 1;
      lit += c;
      i++;
    } else break;
  }
  // a quantifier on the last character makes it optional
  if (/^[?*{]$/.test(src[i] ?? '')) lit = lit.slice(0, lit.length - lastLen);
  return lit;
}

/**
 * Words of which every match of `re` contains at least one, read from its source: the opening
 * literal of each top-level alternative, where an alternative opening with a group of alternatives
 * `(?:A|B)rest` gives `Arest…` and `Brest…`. null when an alternative has no such word of 4 or more
 * characters (then the table names the words itself: ANCHOR_WORD_OVERRIDES).
 */
export function anchorWords(re: RegExp): string[] | null {
  const out: string[] = [];
  for (const raw of topLevelAlternatives(re.source)) {
    let alt = raw.startsWith('^') ? raw.slice(1) : raw;
    if (alt.startsWith('\\b')) alt = alt.slice(2);
    const heads: string[] = [];
    if (alt.startsWith('(?:')) {
      let depth = 0;
      let inClass = false;
      let close = -1;
      for (let i = 0; i < alt.length && close < 0; i++) {
        const c = alt[i];
        if (c === '\\') i++;
        else if (inClass) inClass = c !== ']';
        else if (c === '[') inClass = true;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) close = i;
      }
      // an optional group: its words may be absent
      if (close < 0 || /^[?*{]/.test(alt[close + 1] ?? '')) return null;
      const rest = alt.slice(close + 1);
      for (const inner of topLevelAlternatives(alt.slice(3, close))) heads.push(inner + rest);
    } else heads.push(alt);
    for (const h of heads) {
      const lit = literalPrefix(h);
      if (lit.length < 4) return null;
      out.push(lit);
    }
  }
  return out;
}

/** Anchor words the table names for patterns whose source gives none (see anchorWords). */
const ANCHOR_WORD_OVERRIDES: Partial<Record<keyof typeof META_PATTERNS, string[]>> = {
  // "(?:GPU|Device)(?: name)?: (NVIDIA …|AMD …)": the vendor word is what every match holds
  gpuName: ['NVIDIA ', 'AMD '],
};

/** META_PATTERNS run on every message (the others run only inside an engine-config match). */
const META_ON_MESSAGE = [
  'known',
  'engineConfig',
  'engineConfigV0',
  'apiServerVersion',
  'architecture',
  'deviceName',
  'gpuName',
  's3Model',
  'worldSize',
] as const satisfies readonly (keyof typeof META_PATTERNS)[];

/**
 * Every pattern that runs on a message, message table and metadata alike, with its anchor words:
 * a message holding none of these words matches no pattern and carries no metadata.
 */
export const ANCHOR_WORDS: readonly { id: string; words: readonly string[]; caseInsensitive: boolean }[] = [
  ...MESSAGE_PATTERNS.map((p) => ({ id: p.id, regex: p.regex, override: undefined })),
  ...META_ON_MESSAGE.map((k) => ({
    id: `meta.${k}`,
    regex: META_PATTERNS[k],
    override: ANCHOR_WORD_OVERRIDES[k],
  })),
].map(({ id, regex, override }) => {
  const words = override ?? anchorWords(regex);
  if (!words) throw new Error(`pattern ${id}: no anchor words (name them in ANCHOR_WORD_OVERRIDES)`);
  return { id, words, caseInsensitive: regex.flags.includes('i') };
});

/** MESSAGE_PATTERNS[i]'s required literal: a message without it is not tried against the regex. */
export const MESSAGE_ANCHORS: readonly (string | null)[] = MESSAGE_PATTERNS.map((p) =>
  requiredLiteral(p.regex),
);
