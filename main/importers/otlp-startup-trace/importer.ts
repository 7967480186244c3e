// OTLP/JSON trace exports holding vLLM start-up spans: sniffed by "resourceSpans", read whole
// (bounded), one start-up record per trace.
import type { FormatImporter } from '../types';
import { wholeFile } from '../vllm-bench-startup/startup-result';
import { looksLikeJson } from '../vllm-bench-json/importer';
import { OTLP_KEYS, otlpStartupResults } from './otlp';

export const otlpStartupTraceImporter: FormatImporter = {
  format: 'otlp-startup-trace',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    return looksLikeJson(text) && OTLP_KEYS.test(text) ? { match: true } : { match: false, reason: null };
  },
  consumer() {
    const file = wholeFile(256 * 1024 * 1024, 'OTLP trace export');
    return {
      push: (b) => file.push(b),
      end: () => otlpStartupResults(file.text()).map((result) => ({ kind: 'startup' as const, result })),
    };
  },
};
