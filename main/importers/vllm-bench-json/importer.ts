// `vllm bench serve` / benchmark_serving.py result files: a JSON object (or array of them) with the
// serving metrics. Sniffed by its metric keys; streamed through the JSON scanner into one serving point.
import { StringDecoder } from 'node:string_decoder';
import type { FormatImporter } from '../types';
import { toServingPoint } from './bench-result';
import { JsonObjectScanner } from './json-scanner';

const BENCH_KEYS =
  /"(?:request_throughput|output_throughput|mean_ttft_ms|max_concurrency|request_rate|num_prompts|burstiness)"/;

/** JSON starts with "{" or "[" then an object, string or "]"; "[2025-10-16 09:06:09 TP0]" is a log line. */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || /^\[\s*(?:[{\]"]|$)/.test(t);
}

export const vllmBenchJsonImporter: FormatImporter = {
  format: 'vllm-bench-json',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    if (!looksLikeJson(text)) return { match: false, reason: null };
    if (BENCH_KEYS.test(text)) return { match: true };
    return { match: false, reason: 'JSON that is not a `vllm bench serve` result' };
  },
  consumer() {
    const decoder = new StringDecoder('utf8');
    const scanner = new JsonObjectScanner();
    return {
      push: (b) => scanner.feed(decoder.write(b)),
      end: () => {
        scanner.feed(decoder.end());
        const { point, issues } = toServingPoint(scanner.end());
        return [{ kind: 'serving-point', point, issues }];
      },
    };
  },
};
