// Ray llmperf summary files (`<model>_<in>_<out>_summary.json`): sniffed by llmperf's own keys,
// read by the shared JSON scanner into one serving point whose backend says it came from llmperf.
import { StringDecoder } from 'node:string_decoder';
import type { FormatImporter } from '../types';
import { looksLikeJson, scanBoundIssues } from '../vllm-bench-json/importer';
import { JsonObjectScanner } from '../vllm-bench-json/json-scanner';
import { llmperfPoint } from './llmperf';

export const llmperfSummaryImporter: FormatImporter = {
  format: 'llmperf-summary',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    if (!looksLikeJson(text)) return { match: false, reason: null };
    return /"results_ttft_s_mean"|"results_num_completed_requests"/.test(text) &&
      /"num_concurrent_requests"/.test(text)
      ? { match: true }
      : { match: false, reason: null };
  },
  consumer() {
    const decoder = new StringDecoder('utf8');
    const scanner = new JsonObjectScanner();
    return {
      push: (b) => scanner.feed(decoder.write(b)),
      end: () => {
        scanner.feed(decoder.end());
        const scan = scanner.end();
        const { point, issues } = llmperfPoint(scan);
        return [{ kind: 'serving-point', point, issues: [...issues, ...scanBoundIssues(scan)] }];
      },
    };
  },
};
