// `vllm bench startup` results: one snapshot per iteration, totals and compile times as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivePhases } from '../../../shared/startup-phases';
import { detectFormat } from '../detect';
import { benchStartupResults } from './bench-startup';
import { vllmBenchStartupImporter } from './importer';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function importFile(name: string) {
  const c = vllmBenchStartupImporter.consumer();
  c.push(fixture(name));
  return c.end().map((r) => {
    if (r.kind !== 'startup') throw new Error('expected start-up records');
    return r.result;
  });
}

describe('vllm bench startup results', () => {
  it('is detected by its keys, whatever the file is called', () => {
    expect(detectFormat('out.json', fixture('startup-qwen3-0.6b.json'))).toEqual({
      format: 'vllm-bench-startup',
    });
    expect(detectFormat('x.log', fixture('startup-mean-only.json'))).toEqual({
      format: 'vllm-bench-startup',
    });
    // the `--output-json` side file in PyTorch's benchmark format (a list of records) is not one
    const side = JSON.stringify([
      {
        benchmark: { name: 'vLLM benchmark', extra_info: { args: {} } },
        model: { name: 'Qwen/Qwen3-0.6B' },
        metric: { name: 'avg_cold_startup_time', benchmark_values: [41.73] },
        extra_info: { cold_startup_times: [43.12, 41.05, 41.02] },
      },
    ]);
    expect(detectFormat('startup.cold_startup.pytorch.json', Buffer.from(side)).format).not.toBe(
      'vllm-bench-startup',
    );
  });

  it('gives one complete snapshot per cold and warm iteration: total and torch.compile as measured', () => {
    const rs = importFile('startup-qwen3-0.6b.json');
    expect(rs.map((r) => r.engine)).toEqual([
      'cold 1/3',
      'cold 2/3',
      'cold 3/3',
      'warm 1/3',
      'warm 2/3',
      'warm 3/3',
    ]);
    const want = [
      [43.12, 18.4],
      [41.05, 17.2],
      [41.02, 17.2],
      [22.64, 3.3],
      [22.15, 3.0],
      [22.14, 3.0],
    ];
    rs.forEach((r, i) => {
      const [total, compile] = want[i] ?? [NaN, NaN];
      expect(r.status).toBe('complete');
      const d = derivePhases(r.measurements, 'slowest');
      expect(Math.abs(d.totalS - (total ?? NaN))).toBeLessThanOrEqual(0.05);
      const tc = d.phases.find((p) => p.id === 'torch_compile');
      expect(Math.abs((tc?.durationS ?? NaN) - (compile ?? NaN))).toBeLessThanOrEqual(0.05);
      const rest = d.phases.find((p) => p.id === 'unattributed');
      expect(Math.abs((rest?.durationS ?? NaN) - ((total ?? 0) - (compile ?? 0)))).toBeLessThanOrEqual(0.05);
      // nothing the benchmark does not measure
      expect(d.phases.map((p) => p.id).sort()).toEqual(['torch_compile', 'unattributed']);
    });
    expect(rs[0]?.meta).toMatchObject({
      benchTool: 'vllm bench startup',
      startupScenario: 'cold',
      avgStartupS: 41.73,
    });
    expect(rs[0]?.measurements.anchors.end?.line).toBe(3);
  });

  it('shows the mean when a file holds no per-iteration times, and says so', () => {
    const rs = importFile('startup-mean-only.json');
    expect(rs.map((r) => r.engine)).toEqual(['cold mean', 'warm mean']);
    const [cold, warm] = rs.map((r) => derivePhases(r.measurements, 'slowest'));
    expect(cold?.totalS).toBeCloseTo(61.9, 6);
    expect(cold?.phases.find((p) => p.id === 'torch_compile')?.durationS).toBe(20.5);
    expect(warm?.phases.map((p) => p.id)).toEqual(['unattributed']);
    expect(rs[0]?.issues[0]?.message).toMatch(/mean of the iterations/);
  });

  it('reads a `vllm bench sweep startup` run file: its parameters as metadata, the model included', () => {
    const rs = importFile('sweep-run=0.json');
    expect(rs.map((r) => r.engine)).toEqual(['tp2 run 0 · cold 1/1', 'tp2 run 0 · warm 1/1']);
    expect(rs[0]?.meta).toMatchObject({
      model: 'Qwen/Qwen3-8B',
      tensor_parallel_size: 2,
      _benchmark_name: 'tp2',
      run_number: 0,
      startupScenario: 'cold',
    });
    expect(rs[0]?.meta['cold_startup_times']).toBeUndefined();
    const [, warmRun] = rs;
    if (!warmRun) throw new Error('no warm run');
    const warm = derivePhases(warmRun.measurements, 'slowest');
    expect(warm.totalS).toBeCloseTo(31.4, 6);
    expect(warm.phases.find((p) => p.id === 'torch_compile')?.durationS).toBe(4.5);
  });

  it('names what is wrong with a file it cannot read', () => {
    expect(() => benchStartupResults('{"cold_startup_times": [1, "x"]}')).toThrow(/cold_startup_times\.1/);
    expect(() => benchStartupResults('{"cold_startup_times": [1,')).toThrow(/invalid JSON/);
    expect(() => benchStartupResults('{"avg_cold_startup_time": "n/a"}')).toThrow(
      /not a `vllm bench startup`/,
    );
    expect(() => benchStartupResults('{"cold_startup_times": []}')).toThrow(/without any cold or warm/);
  });

  it('reads compile times only when there is one per start-up', () => {
    const rs = benchStartupResults('{"cold_startup_times": [10, 12], "cold_compilation_times": [4]}');
    expect(rs.map((r) => Object.keys(r.measurements.values))).toEqual([[], []]);
    expect(rs[0]?.issues[0]?.message).toMatch(/1 compilation times for 2 cold start-ups/);
  });
});
