// The benchmark tool that wrote a serving snapshot, as its users write it ("GuideLLM 0.5.0",
// "AIPerf", "vllm bench serve"), from the `tool` the importer recorded in the snapshot's meta.
// Pure; unknown tools are shown as recorded.
import type { Meta } from '../../shared/model';

const NAMES: readonly (readonly [RegExp, string])[] = [
  [/^vllm-bench-json$/i, 'vllm bench serve'],
  [/^guidellm\b/i, 'GuideLLM'],
  [/^aiperf\b/i, 'AIPerf'],
  [/^genai-perf\b/i, 'GenAI-Perf'],
  [/^inferencemax\b/i, 'InferenceMAX'],
  [/^llmperf\b/i, 'LLMPerf'],
];

/** "guidellm 0.5.0.dev0" → "GuideLLM 0.5.0.dev0"; null when the snapshot names no tool. */
export function toolLabel(meta: Meta): string | null {
  const raw = meta['tool'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const tool = raw.trim();
  for (const [re, name] of NAMES) {
    const m = re.exec(tool);
    if (m) return `${name}${tool.slice(m[0].length)}`;
  }
  return tool;
}

/** The distinct tools of the snapshots in order, for a subtitle ("GuideLLM 0.5.0 vs vllm bench serve"). */
export function toolsText(metas: readonly Meta[]): string | null {
  const tools = [...new Set(metas.map(toolLabel).filter((t): t is string => t !== null))];
  return tools.length === 0 ? null : tools.join(' vs ');
}
