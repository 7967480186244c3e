// `vllm bench serve` / benchmark_serving.py result files: a JSON object with the serving metrics,
// several in a row (JSON Lines, `--append-result`) or a list of them (InferenceMAX `agg_bmk.json`).
// Sniffed by its metric keys; streamed through the JSON scanner into one serving point per object;
// strings cut and values dropped by its bounds are issues.
import { StringDecoder } from 'node:string_decoder';
import { appendAll } from '../../../shared/arrays';
import type { FormatImporter, ImportRecord } from '../types';
import { toServingPoint, type PointIssue } from './bench-result';
import {
  JsonObjectScanner,
  MAX_KEPT_CHARS,
  MAX_STRING_CHARS,
  MAX_VALUES,
  type ScanResult,
} from './json-scanner';

const BENCH_KEYS =
  /"(?:request_throughput|output_throughput|mean_ttft_ms|max_concurrency|request_rate|num_prompts|burstiness|tput_per_gpu|mean_e2el)"/;

/** JSON starts with "{" or "[" then an object, string or "]"; "[2025-10-16 09:06:09 TP0]" is a log line. */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || /^\[\s*(?:[{\]"]|$)/.test(t);
}

/** What the scanner's memory bounds left out of one result: cut strings, values not kept. */
export function scanBoundIssues(scan: ScanResult): PointIssue[] {
  const issues: PointIssue[] = scan.truncated.map((t) => ({
    line: t.line,
    message: `string${t.key === null ? ' key' : ` under "${t.key}"`} cut to ${MAX_STRING_CHARS} of ${t.chars} characters`,
    limit: true as const,
  }));
  if (scan.droppedValues > 0)
    issues.push({
      line: scan.line,
      message: `${scan.droppedValues} values not kept (over ${MAX_VALUES} values or ${MAX_KEPT_CHARS} characters in one result)`,
      limit: true,
    });
  return issues;
}

export const vllmBenchJsonImporter: FormatImporter = {
  format: 'vllm-bench-json',
  version: 2,
  sniff(_name, head) {
    const text = head.toString('utf8');
    if (!looksLikeJson(text)) return { match: false, reason: null };
    if (BENCH_KEYS.test(text)) return { match: true };
    return { match: false, reason: 'JSON that is not a `vllm bench serve` result' };
  },
  consumer() {
    const decoder = new StringDecoder('utf8');
    const scanner = new JsonObjectScanner({ topLevelArray: true });
    return {
      push: (b) => scanner.feed(decoder.write(b)),
      end: () => {
        scanner.feed(decoder.end());
        // a JSON Lines file holds one run per line: one point each, placed by its line
        const scans = scanner.endAll();
        const many = scans.length > 1;
        return scans.map((scan, k): ImportRecord => {
          const { point, issues } = toServingPoint(scan);
          appendAll(issues, scanBoundIssues(scan));
          if (!many) return { kind: 'serving-point', point, issues };
          for (const i of issues) i.line ??= scan.line;
          return { kind: 'serving-point', point, issues, ordinal: k + 1 };
        });
      },
    };
  },
};
