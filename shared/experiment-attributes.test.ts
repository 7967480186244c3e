import { describe, expect, it } from 'vitest';
import {
  experimentAttributes,
  namesByWhatVaries,
  partAttributes,
  pointAttributes,
  servingExperiment,
  sweepAttributes,
} from './experiment-attributes';

describe('experiment naming grammars', () => {
  it('horizontal scaling: rayoss251-x4 / part2 / conc16', () => {
    expect(experimentAttributes('rayoss251-x4')).toEqual({
      runtime: 'rayoss',
      rayVersion: '2.51',
      replicas: 4,
    });
    expect(experimentAttributes('rayturbo251-x8')).toEqual({
      runtime: 'rayturbo',
      rayVersion: '2.51',
      replicas: 8,
    });
    expect(partAttributes('part2')).toEqual({ part: 2, aggregate: false });
    expect(partAttributes('all-parts')).toEqual({ part: null, aggregate: true });
    expect(partAttributes('conc16')).toBeNull();
    expect(pointAttributes('conc16')).toEqual({ concurrency: 16 });
  });

  it('prefill/decode: gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2', () => {
    expect(experimentAttributes('gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2')).toEqual({
      model: 'gptoss',
      inputTokens: 5000,
      outputTokens: 250,
      mode: 'mixed',
      layout: 'pd',
      prefillInstances: 1,
      prefillTp: 2,
      decodeInstances: 3,
      decodeTp: 2,
      gpus: 8,
      disaggregated: true,
    });
  });

  it('baselines, GPU types, placements and transports', () => {
    expect(experimentAttributes('gptoss_itl5000_otl250_mixed_baseline_2xtp4')).toMatchObject({
      layout: 'baseline',
      replicas: 2,
      tp: 4,
      gpus: 8,
      disaggregated: false,
    });
    expect(experimentAttributes('gptoss_H200_itl5000_otl250_mixed_spread_p1xtp4-d1xtp4')).toMatchObject({
      gpuType: 'H200',
      layout: 'spread',
      gpus: 8,
    });
    expect(experimentAttributes('gptoss_itl5000_otl250_mixed_1xtp4-1xtp4-spread-ucx120')).toMatchObject({
      prefillInstances: 1,
      decodeTp: 4,
      layout: 'spread',
      transport: 'ucx120',
    });
    expect(experimentAttributes('gptoss_itl10000_otl500_4ptp1-2dtp2-packed-ucx-bck')).toMatchObject({
      prefillInstances: 4,
      prefillTp: 1,
      decodeInstances: 2,
      decodeTp: 2,
      gpus: 8,
      layout: 'packed',
      transport: 'ucx',
      tags: 'bck',
    });
    expect(experimentAttributes('gptoss_itl5000_otl250_mixed_1xtp4-1xtpep4')).toMatchObject({
      expertParallel: true,
      gpus: 8,
    });
    expect(experimentAttributes('gptoss_itl8000_otl1000_mixed_gptoss-1p1d-nixl-lmcache')).toMatchObject({
      prefillInstances: 1,
      decodeInstances: 1,
      transport: 'nixl lmcache',
    });
    expect(experimentAttributes('gptoss_itl8000_otl1000_mixed_gptoss-tp4-baseline')).toMatchObject({
      tp: 4,
      layout: 'baseline',
    });
    expect(experimentAttributes('llama8b_itl8000_otl100_decode-only')).toMatchObject({
      model: 'llama8b',
      mode: 'decode-only',
    });
  });

  it('request-rate sweeps and repeats: conc32_rr1, rr9-1, rr2', () => {
    expect(pointAttributes('conc32_rr1')).toEqual({ concurrency: 32, requestRate: 1 });
    expect(pointAttributes('rr9-1')).toEqual({ requestRate: 9, repeat: 1 });
    expect(pointAttributes('rr2')).toEqual({ requestRate: 2 });
    expect(pointAttributes('results')).toEqual({});
  });

  it('unknown layouts keep what could be read', () => {
    expect(experimentAttributes('my-run')).toEqual({ model: 'my-run' });
    expect(experimentAttributes('qwen32b_itl5000_otl250_8xtp1_weird')).toMatchObject({
      model: 'qwen32b',
      replicas: 8,
      tp: 1,
      gpus: 8,
      tags: 'weird',
    });
  });
});

describe('result-file conventions beyond perf-examples', () => {
  it('vllm bench sweep folders and run files', () => {
    expect(sweepAttributes('SERVE--max_num_seqs=4-BENCH--max_concurrency=2-num_prompts=8')).toEqual({
      serve: { max_num_seqs: 4 },
      bench: { max_concurrency: 2, num_prompts: 8 },
    });
    expect(sweepAttributes('SERVE--model=Qwen/Qwen3-0.6B-enable_prefix_caching=true')).toEqual({
      serve: { model: 'Qwen/Qwen3-0.6B', enable_prefix_caching: true },
      bench: {},
    });
    expect(sweepAttributes('BENCH--request_rate=inf')).toEqual({ serve: {}, bench: { request_rate: 'inf' } });
    expect(sweepAttributes('rayoss251-x4')).toBeNull();
    expect(pointAttributes('run=2')).toEqual({ repeat: 2 });
  });

  it("vLLM's default result file name", () => {
    expect(pointAttributes('openai-1.0qps-Qwen3-VL-8B-Instruct-20260722-041843')).toEqual({
      backend: 'openai',
      model: 'Qwen3-VL-8B-Instruct',
      date: '20260722-041843',
      requestRate: 1,
    });
    expect(pointAttributes('vllm-infqps-concurrency16-Llama-3.1-8B-Instruct-20250102-030405')).toEqual({
      backend: 'vllm',
      model: 'Llama-3.1-8B-Instruct',
      date: '20250102-030405',
      rateInfinite: true,
      concurrency: 16,
    });
  });

  it('groups a generic folder by the runs, named after the model, never the folder', () => {
    const run = (modelId: string, backend = 'vllm') => ({ modelId, backend, label: null });
    const a = servingExperiment('lab/results', 'results', run('/models/Qwen/Qwen3-8B'), {});
    const b = servingExperiment('lab/results', 'results', run('meta-llama/Llama-3.1-8B'), {});
    const c = servingExperiment('lab/results', 'results', run('/models/Qwen/Qwen3-8B', 'sglang'), {});
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
    expect([a.name, b.name, c.name]).toEqual(['Qwen3-8B · vllm', 'Llama-3.1-8B · vllm', 'Qwen3-8B · sglang']);
    expect(a.attributes).toEqual({ model: 'Qwen3-8B', backend: 'vllm' });
    expect(servingExperiment('lab/results', 'results', run('/models/Qwen/Qwen3-8B'), {}).key).toBe(a.key);
  });

  it('one sweep experiment per serve setting; bench settings are its points', () => {
    const run = { modelId: 'Qwen/Qwen3-0.6B', backend: 'vllm', label: null };
    const x = servingExperiment(
      'sweeps/SERVE--max_num_seqs=4-BENCH--max_concurrency=2',
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=2',
      run,
      {},
    );
    const y = servingExperiment(
      'sweeps/SERVE--max_num_seqs=4-BENCH--max_concurrency=8',
      'SERVE--max_num_seqs=4-BENCH--max_concurrency=8',
      run,
      {},
    );
    const z = servingExperiment(
      'sweeps/SERVE--max_num_seqs=16-BENCH--max_concurrency=2',
      'SERVE--max_num_seqs=16-BENCH--max_concurrency=2',
      run,
      {},
    );
    expect(x.key).toBe(y.key);
    expect(z.key).not.toBe(x.key);
    expect(x.name).toBe('Qwen3-0.6B · vllm · max_num_seqs=4');
    expect(x.attributes).toEqual({ model: 'Qwen3-0.6B', backend: 'vllm', 'serve.max_num_seqs': 4 });
  });

  it('keeps a descriptive perf-examples folder name', () => {
    const e = servingExperiment(
      'prefill_decode/gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2',
      'gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2',
      { modelId: 'openai/gpt-oss-120b', backend: 'vllm', label: null },
      {},
    );
    expect(e.name).toBe('gptoss_itl5000_otl250_mixed_pd_p1xtp2-d3xtp2');
    expect(e.attributes['model']).toBe('gptoss');
  });
});

describe('InferenceMAX-style result names', () => {
  it('reads tp/ep/conc/gpu tokens and splits experiments by what the run is', () => {
    const stem = 'dsr1_fp8_tp8_ep1_isl1024_osl1024_conc4_b200';
    expect(pointAttributes(stem)).toEqual({
      tp: 8,
      ep: 1,
      inputTokens: 1024,
      outputTokens: 1024,
      concurrency: 4,
      gpuType: 'B200',
    });
    expect(pointAttributes('notes_final')).toEqual({});
    const run = { modelId: 'deepseek-ai/DeepSeek-R1', backend: 'vllm', label: null };
    const a = servingExperiment('x/results', 'results', run, pointAttributes(stem));
    const b = servingExperiment(
      'x/results',
      'results',
      run,
      pointAttributes(stem.replace('conc4', 'conc64')),
    );
    const c = servingExperiment('x/results', 'results', run, pointAttributes(stem.replace('tp8', 'tp4')));
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
    expect(a.name).toBe('DeepSeek-R1 · vllm · tp=8 ep=1 inputTokens=1024 outputTokens=1024 gpuType=B200');
    expect(a.attributes).toMatchObject({ tp: 8, ep: 1, gpuType: 'B200' });
  });
});

describe('names by what varies', () => {
  const exp = (attributes: Record<string, string | number | null>) => ({
    model: 'meta-llama/Llama-3.1-8B',
    attributes: { model: 'Llama-3.1-8B', ...attributes },
  });
  it('lists only the parameters that differ, and the backend only when not vllm or when it differs', () => {
    const same = { backend: 'vllm', gpu: 'L40S', input_len: 1000 };
    expect(
      namesByWhatVaries([exp({ ...same, deployment: 'base' }), exp({ ...same, deployment: 'kvcache' })]),
    ).toEqual(['Llama-3.1-8B · deployment=base', 'Llama-3.1-8B · deployment=kvcache']);
    expect(namesByWhatVaries([exp({ backend: 'vllm', tp: 2 }), exp({ backend: 'sglang', tp: 2 })])).toEqual([
      'Llama-3.1-8B · vllm',
      'Llama-3.1-8B · sglang',
    ]);
    expect(namesByWhatVaries([exp({ backend: 'openai-chat', tp: 2 })])).toEqual([
      'Llama-3.1-8B · openai-chat',
    ]);
    expect(namesByWhatVaries([exp({ tool: 'guidellm 0.5.0', profile: 'sweep' })])).toEqual([
      'Llama-3.1-8B · guidellm',
    ]);
  });
  it('keeps the name it was created with (its folder) when nothing else names it', () => {
    expect(
      namesByWhatVaries([
        { model: null, attributes: {}, created: '999' },
        { model: null, attributes: {} },
      ]),
    ).toEqual(['999', 'serving']);
  });
  it('a parameter present in one experiment only is what sets it apart', () => {
    expect(namesByWhatVaries([exp({ tp: 8 }), exp({ tp: 8, offloading: 'hicache' })])).toEqual([
      'Llama-3.1-8B',
      'Llama-3.1-8B · offloading=hicache',
    ]);
  });
  it('names only the first `named` experiments, the stored ones only taking part', () => {
    expect(namesByWhatVaries([exp({ tp: 4 }), exp({ tp: 8 }), exp({ tp: 2 })], 1)).toEqual([
      'Llama-3.1-8B · tp=4',
    ]);
  });
  it('never names a snapshot with nothing: no model and no tool gives "serving"', () => {
    expect(namesByWhatVaries([{ model: null, attributes: {} }])).toEqual(['serving']);
  });
});
