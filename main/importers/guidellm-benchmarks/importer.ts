// GuideLLM `benchmarks.json` reports: sniffed by GuideLLM's own keys, streamed through the shared
// JSON scanner (per-request lists read through, not kept) into one serving point per benchmark,
// numbered `file#N` so that a sweep is one experiment of N points.
import { StringDecoder } from 'node:string_decoder';
import type { FormatImporter, ImportRecord } from '../types';
import { looksLikeJson, scanBoundIssues } from '../vllm-bench-json/importer';
import { JsonObjectScanner } from '../vllm-bench-json/json-scanner';
import { GUIDELLM_SKIPPED_KEYS, guidellmPoints } from './guidellm';

export const guidellmBenchmarksImporter: FormatImporter = {
  format: 'guidellm-benchmarks',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    if (!looksLikeJson(text)) return { match: false, reason: null };
    return /"benchmarks"\s*:/.test(text) &&
      /"guidellm_version"|"generative_benchmark"|"requests_per_second"|"time_to_first_token_ms"/.test(text)
      ? { match: true }
      : { match: false, reason: null };
  },
  consumer() {
    const decoder = new StringDecoder('utf8');
    const scanner = new JsonObjectScanner({ skipKeys: GUIDELLM_SKIPPED_KEYS });
    return {
      push: (b) => scanner.feed(decoder.write(b)),
      end: () => {
        scanner.feed(decoder.end());
        const scan = scanner.end();
        const { points } = guidellmPoints(scan);
        const bounds = scanBoundIssues(scan);
        // one benchmark is the file's one point; several (a sweep) are `file#N`, N in report order
        return points.map(({ point, issues }, k): ImportRecord => {
          const all = k === 0 ? [...issues, ...bounds] : issues;
          if (points.length === 1) return { kind: 'serving-point', point, issues: all };
          for (const i of all) i.line ??= scan.line;
          return { kind: 'serving-point', point, issues: all, ordinal: k + 1 };
        });
      },
    };
  },
};
