// `vllm bench startup` result files: sniffed by startup.py's own keys, read whole (they are a few
// hundred bytes), one start-up record per measured iteration.
import type { FormatImporter } from '../types';
import { looksLikeJson } from '../vllm-bench-json/importer';
import { BENCH_STARTUP_KEYS, benchStartupResults } from './bench-startup';
import { wholeFile } from './startup-result';

export const vllmBenchStartupImporter: FormatImporter = {
  format: 'vllm-bench-startup',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    return looksLikeJson(text) && text.trimStart().startsWith('{') && BENCH_STARTUP_KEYS.test(text)
      ? { match: true }
      : { match: false, reason: null };
  },
  consumer() {
    const file = wholeFile(16 * 1024 * 1024, '`vllm bench startup` result');
    return {
      push: (b) => file.push(b),
      end: () => benchStartupResults(file.text()).map((result) => ({ kind: 'startup' as const, result })),
    };
  },
};
