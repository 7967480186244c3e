// The formats BenchLens imports, as the front doors need them: a label and the file extensions for
// file pickers and dialogs. Pure data; main/importers/registry.ts pairs each entry with its importer
// (sniffing and parsing), and a test keeps the two lists in step.

export interface ImportFormatInfo {
  /** Registry key, the folder name under main/importers/. */
  format: string;
  label: string;
  /** Without the dot, lower case. Content sniffing decides; extensions only filter pickers. */
  extensions: readonly string[];
}

export const IMPORT_FORMATS: readonly ImportFormatInfo[] = [
  { format: 'png', label: 'Published figures (PNG)', extensions: ['png'] },
  { format: 'llmperf-summary', label: 'Ray llmperf summaries', extensions: ['json'] },
  { format: 'vllm-bench-startup', label: '`vllm bench startup` results', extensions: ['json'] },
  {
    format: 'otlp-startup-trace',
    label: 'vLLM start-up traces (OpenTelemetry OTLP/JSON)',
    extensions: ['json'],
  },
  { format: 'guidellm-benchmarks', label: 'GuideLLM benchmark reports', extensions: ['json'] },
  {
    format: 'aiperf-profile-export',
    label: 'NVIDIA AIPerf / GenAI-Perf profile exports',
    extensions: ['json'],
  },
  {
    format: 'vllm-bench-json',
    label: '`vllm bench serve` / benchmark_serving.py results',
    extensions: ['json'],
  },
  {
    format: 'vllm-startup-log',
    label: 'vLLM / Ray Serve start-up logs',
    extensions: ['log', 'txt', 'out'],
  },
];

/** Bundles the import opens and reads member by member, whatever formats they hold. */
export const ARCHIVE_EXTENSIONS: readonly string[] = ['zip', 'tgz', 'gz'];

/** Every extension a picker should offer, formats first, then archives. */
export function importExtensions(): string[] {
  return [...new Set([...IMPORT_FORMATS.flatMap((f) => f.extensions), ...ARCHIVE_EXTENSIONS])];
}

/** For <input accept>: ".log,.txt,…". */
export function importAccept(): string {
  return importExtensions()
    .map((e) => `.${e}`)
    .join(',');
}

/** True when a picked file's name has an importable extension (".tar.gz" counts as "gz"). */
export function isImportableName(name: string): boolean {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m !== null && importExtensions().includes((m[1] ?? '').toLowerCase());
}
