// The one list of importers. The first whose sniff matches a file's head reads it; a new format is
// one folder under main/importers/ plus one line here and its entry in shared/import-formats.ts.
import { aiperfProfileExportImporter } from './aiperf-profile-export/importer';
import { guidellmBenchmarksImporter } from './guidellm-benchmarks/importer';
import { llmperfSummaryImporter } from './llmperf-summary/importer';
import { otlpStartupTraceImporter } from './otlp-startup-trace/importer';
import { pngFigureImporter } from './png-figure/importer';
import type { FormatImporter } from './types';
import { vllmBenchJsonImporter } from './vllm-bench-json/importer';
import { vllmBenchStartupImporter } from './vllm-bench-startup/importer';
import { vllmStartupLogImporter } from './vllm-startup-log/importer';

export const IMPORTERS: readonly FormatImporter[] = [
  pngFigureImporter,
  llmperfSummaryImporter,
  vllmBenchStartupImporter,
  otlpStartupTraceImporter,
  guidellmBenchmarksImporter,
  aiperfProfileExportImporter,
  vllmBenchJsonImporter,
  vllmStartupLogImporter,
];
