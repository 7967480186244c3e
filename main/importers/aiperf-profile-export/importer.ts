// NVIDIA AIPerf / GenAI-Perf aggregate exports (`profile_export_aiperf.json`,
// `profile_export_genai_perf.json`): sniffed by their metric objects (`"ttft": {"unit": "ms", …}`),
// read by the shared JSON scanner into one serving point that says which tool wrote it. The file
// name is fixed by the tool, so the folder it sits in (the artifact directory) names the point.
import { StringDecoder } from 'node:string_decoder';
import type { FormatImporter } from '../types';
import { looksLikeJson, scanBoundIssues } from '../vllm-bench-json/importer';
import { JsonObjectScanner } from '../vllm-bench-json/json-scanner';
import { aiperfPoint } from './aiperf';

const METRIC_OBJECT =
  /"(?:ttft|time_to_first_token|request_latency|request_throughput|request_count)"\s*:\s*\{\s*"(?:tag|unit)"/;

export const CSV_REASON =
  'AIPerf CSV export: its profile_export_aiperf.json holds the same metrics unrounded, import that';

export const aiperfProfileExportImporter: FormatImporter = {
  format: 'aiperf-profile-export',
  version: 1,
  sniff(_name, head) {
    const text = head.toString('utf8');
    // the CSV export beside every JSON export holds the same metrics rounded to 2 decimals (a
    // request throughput of 0.05): importing both would count the run twice
    if (/^Metric,avg,/.test(text) && /^(?:Time to First Token|Request Latency) /m.test(text))
      return { match: false, reason: CSV_REASON };
    if (!looksLikeJson(text)) return { match: false, reason: null };
    return METRIC_OBJECT.test(text) || /"aiperf_version"\s*:/.test(text)
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
        const { point, issues } = aiperfPoint(scan);
        return [
          {
            kind: 'serving-point',
            point,
            issues: [...issues, ...scanBoundIssues(scan)],
            pointInFolder: true,
          },
        ];
      },
    };
  },
};
