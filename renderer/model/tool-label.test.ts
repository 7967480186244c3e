// Tool names of the serving importers' meta as their users write them.
import { describe, expect, it } from 'vitest';
import { toolLabel, toolsText } from './tool-label';

describe('toolLabel', () => {
  it('names the tools the importers record', () => {
    expect(toolLabel({ tool: 'guidellm 0.5.0.dev0' })).toBe('GuideLLM 0.5.0.dev0');
    expect(toolLabel({ tool: 'aiperf' })).toBe('AIPerf');
    expect(toolLabel({ tool: 'aiperf 0.3.0' })).toBe('AIPerf 0.3.0');
    expect(toolLabel({ tool: 'genai-perf' })).toBe('GenAI-Perf');
    expect(toolLabel({ tool: 'InferenceMAX' })).toBe('InferenceMAX');
    expect(toolLabel({ tool: 'vllm-bench-json' })).toBe('vllm bench serve');
    expect(toolLabel({ tool: 'sglang.bench_serving' })).toBe('sglang.bench_serving');
    expect(toolLabel({})).toBeNull();
  });
  it('lists distinct tools once, in order', () => {
    expect(toolsText([{ tool: 'aiperf' }, { tool: 'aiperf' }])).toBe('AIPerf');
    expect(toolsText([{ tool: 'guidellm 0.5.0' }, { tool: 'vllm-bench-json' }])).toBe(
      'GuideLLM 0.5.0 vs vllm bench serve',
    );
    expect(toolsText([{}])).toBeNull();
  });
});
