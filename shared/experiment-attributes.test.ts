import { describe, expect, it } from 'vitest';
import { experimentAttributes, partAttributes, pointAttributes } from './experiment-attributes';

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
