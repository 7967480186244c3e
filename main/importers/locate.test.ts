import { describe, expect, it } from 'vitest';
import { isRunFolder, locate } from './locate';

describe('locate', () => {
  it('reads bundle, experiment and part the same way from a clone, a sub-folder or an archive', () => {
    const want = {
      bundle: 'horizontal_scaling',
      experimentKey: 'horizontal_scaling/rayoss251-x2',
      experiment: 'rayoss251-x2',
      partDir: 'part1',
      fileInExperiment: 'part1/conc16.json',
      stem: 'conc16',
    };
    expect(
      locate('/home/u/perf-examples/horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json'),
    ).toEqual(want);
    expect(
      locate('ray-serve-llm-perf-examples-main/horizontal_scaling/bm_results/rayoss251-x2/part1/conc16.json'),
    ).toEqual(want);
    expect(locate('C:\\data\\horizontal_scaling\\bm_results\\rayoss251-x2\\part1\\conc16.json')).toEqual(
      want,
    );
  });

  it('keeps the archive of a bundle apart', () => {
    const l = locate(
      '/x/prefill_decode/archive/bm_results_snapshot/gptoss_itl5000_otl250_4xtp2/conc32_rr1.json',
    );
    expect(l).toMatchObject({
      bundle: 'prefill_decode/archive',
      experimentKey: 'prefill_decode/archive/gptoss_itl5000_otl250_4xtp2',
      partDir: null,
      fileInExperiment: 'conc32_rr1.json',
    });
  });

  it('start-up logs and figures', () => {
    expect(locate('/x/replica_initialization/experiment_terminal_output/qwen235B-base.txt')).toMatchObject({
      bundle: 'replica_initialization',
      stem: 'qwen235B-base',
    });
    expect(locate('/x/prefill_decode/plots/pd_ratio_dtp4/comprehensive_analysis.png')).toMatchObject({
      bundle: 'prefill_decode',
    });
  });

  it('falls back to the parent folders for unknown layouts', () => {
    expect(locate('/home/u/runs/exp7/conc8.json')).toMatchObject({
      bundle: 'runs',
      experiment: 'exp7',
      experimentKey: 'home/u/runs/exp7',
    });
  });

  it('a per-run folder named after its file is not the experiment (InferenceMAX bmk_ folders)', () => {
    const name =
      'glm5.1_tp2_conc4_offloadnone_fp4_sglang_tp2-ep1-dpafalse_disagg-false_spec-none_conc4_mi355x-amds_03';
    const l = locate(
      `/r/results/0603_sa/glm5.1-fp4-mi355x-sglang-agentic-hicache/bmk_agentic_${name}/${name}.json`,
    );
    expect(l).toMatchObject({
      bundle: 'r',
      experimentKey: 'r/0603_sa/glm5.1-fp4-mi355x-sglang-agentic-hicache',
      experiment: 'glm5.1-fp4-mi355x-sglang-agentic-hicache',
      fileInExperiment: `${name}.json`,
      stem: name,
    });
    expect(isRunFolder('bmk_x_conc4', 'x_conc4')).toBe(true);
    expect(isRunFolder('run7', 'run7')).toBe(true);
    // a folder that only shares a word with the file, or a client part, stays the experiment
    expect(isRunFolder('bmk_x_conc4', 'conc8')).toBe(false);
    expect(isRunFolder('results_conc4', 'conc4')).toBe(false);
    expect(isRunFolder('part2', 'part2')).toBe(false);
    expect(locate('/x/lab/rayoss251-x2/conc16.json').experiment).toBe('rayoss251-x2');
  });
});
