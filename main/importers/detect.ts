// Sniffs a file's format from its first bytes (content first, file name only as a tie-breaker),
// so renamed files import correctly and code or prose in a bundle is skipped with a reason.
// Start-up logs are sniffed over the whole head, line by line, with the importer's own wrapper peeling
// and pattern table: an excerpt that starts with progress bars or mid-way still counts.
import { parseLine } from './vllm-startup-log/parse-line';
import { MESSAGE_PATTERNS, META_PATTERNS } from './vllm-startup-log/patterns';

export type Format = 'vllm-startup-log' | 'vllm-bench-json' | 'png' | 'unknown';

export interface Detection {
  format: Format;
  /** Why a file is not imported, for the import report. */
  reason?: string;
}

/** vLLM's own header location, "[core.py:243]" or the pre-0.8 "core.py:243]". */
const VLLM_LOCATION = /^[\w./-]+\.py:\d+$/;
/** Other engines' start-up logs, named in the refusal. */
const OTHER_ENGINES: readonly [RegExp, string][] = [
  [
    /\bsglang\b|\bTP\d+\] (?:Load weight|Init torch distributed|Capture cuda graph)|Load weight (?:begin|end)\. /,
    'SGLang',
  ],
  [/text_generation_(?:launcher|router|server)/, 'Text Generation Inference'],
  [/llama_model_loader|print_info: |\bslot (?:is processing|update_slots)|update_slots\]/, 'llama.cpp'],
  [/\bTRT-?LLM\b|tensorrt_llm/i, 'TensorRT-LLM'],
];

/** A line is a vLLM start-up line when, wrappers peeled, vLLM's header or a known message is on it. */
export function isVllmLine(raw: string): boolean {
  if (raw.length === 0) return false;
  const p = parseLine(raw.length > 4000 ? raw.slice(0, 4000) : raw);
  if (p.level !== null && p.location !== null && VLLM_LOCATION.test(p.location)) return true;
  if (META_PATTERNS.known.test(p.message)) return true;
  return MESSAGE_PATTERNS.some((pat) => !pat.level && pat.regex.test(p.message));
}

function sniffStartupLog(text: string): Detection {
  const lines = text.split('\n');
  // a full 64 KiB head may end mid-line: its last piece is not a whole line
  if (text.length >= 60_000 && lines.length > 1) lines.pop();
  let vllm = 0;
  for (const l of lines) if (isVllmLine(l)) vllm++;
  if (vllm > 0) return { format: 'vllm-startup-log' };
  for (const [re, name] of OTHER_ENGINES) {
    if (re.test(text)) return { format: 'unknown', reason: `not a vLLM log (looks like ${name})` };
  }
  return {
    format: 'unknown',
    reason: 'not a vLLM log: no vLLM / Ray Serve start-up line in the first 64 KiB',
  };
}
const CODE_EXT = /\.(py|ipynb|sh|md|rst|yaml|yml|toml|cfg|ini|js|ts|tsx|html|css|txt\.gz|lock)$/i;
const SKIP_NAMES = /^(LICENSE|README|Makefile|Dockerfile|requirements.*\.txt|\.gitignore|\.DS_Store)$/i;

export function detectFormat(name: string, head: Buffer): Detection {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) {
    return {
      format: 'png',
      reason: 'PNG figure (reference charts are attached to experiments with serving imports)',
    };
  }
  if (SKIP_NAMES.test(base)) return { format: 'unknown', reason: 'project file, not a result' };
  if (CODE_EXT.test(base)) return { format: 'unknown', reason: 'code or prose, not a result' };
  if (head.includes(0)) return { format: 'unknown', reason: 'binary file' };
  const text = head.toString('utf8');
  const trimmed = text.trimStart();
  // "[2025-10-16 09:06:09 TP0] …" is a bracketed log line, not a JSON array
  if (trimmed.startsWith('{') || /^\[\s*(?:[{\]"]|$)/.test(trimmed)) {
    if (
      /"(?:request_throughput|output_throughput|mean_ttft_ms|max_concurrency|request_rate|num_prompts|burstiness)"/.test(
        text,
      )
    ) {
      return { format: 'vllm-bench-json' };
    }
    return { format: 'unknown', reason: 'JSON that is not a `vllm bench serve` result' };
  }
  return sniffStartupLog(text);
}
