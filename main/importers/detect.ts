// Sniffs a file's format from its first bytes (content first, file name only as a tie-breaker),
// so renamed files import correctly and code or prose in a bundle is skipped with a reason.

export type Format = 'vllm-startup-log' | 'vllm-bench-json' | 'png' | 'unknown';

export interface Detection {
  format: Format;
  /** Why a file is not imported, for the import report. */
  reason?: string;
}

const STARTUP_HINTS =
  /Starting to load model|init engine \(profile|Model loading took|Loading model weights took|Initializing a V1 LLM engine|Initializing an LLM engine|vLLM API server version|Automatically detected platform|torch\.compile t(?:akes|ook)/;
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
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (
      /"(?:request_throughput|output_throughput|mean_ttft_ms|max_concurrency|request_rate|num_prompts|burstiness)"/.test(
        text,
      )
    ) {
      return { format: 'vllm-bench-json' };
    }
    return { format: 'unknown', reason: 'JSON that is not a `vllm bench serve` result' };
  }
  if (STARTUP_HINTS.test(text)) return { format: 'vllm-startup-log' };
  return { format: 'unknown', reason: 'no vLLM / Ray Serve start-up messages in the first 64 KiB' };
}
