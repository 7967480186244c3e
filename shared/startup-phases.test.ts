import { describe, expect, it } from 'vitest';
import { aggregate, derivePhases, type StartupMeasurements } from './startup-phases';

const rv = (rank: string, valueS: number, atS: number | null, line: number) => ({
  rank,
  valueS,
  repeated: 0,
  atS,
  line,
});

const base: StartupMeasurements = {
  anchors: {
    end: { atS: 300, line: 90 },
    endKind: 'first_request',
    startLoad: { atS: 40, line: 10 },
    downloadTask: { atS: 5, line: 3 },
    engineConfigTask: { atS: 27, line: 4 },
    kvAvailable: { atS: 280, line: 70 },
    kvCacheSize: { atS: 281, line: 71 },
    engineReady: { atS: 296, line: 80 },
  },
  startLine: 2,
  values: {
    model_loading: [rv('a', 150, 190, 20), rv('b', 160, 200, 21), rv('c', 155, 195, 22)],
    torch_compile: [rv('a', 30, 231, 30), rv('b', 28, 229, 31), rv('c', 29, 230, 32)],
    compile_cache_load: [rv('a', 4, 220, 25)],
    cuda_graph_capture: [rv('a', 15, 295, 60)],
    init_engine: [rv('e', 96, 296, 80)],
  },
  compileCacheHit: true,
};

describe('aggregate', () => {
  const vals = base.values['model_loading'];
  it('slowest = max, first = earliest timestamp, median = median value', () => {
    expect(aggregate(vals, 'slowest')?.valueS).toBe(160);
    expect(aggregate(vals, 'first')?.valueS).toBe(150);
    expect(aggregate(vals, 'median')?.valueS).toBe(155);
    expect(aggregate([], 'slowest')).toBeNull();
  });
});

describe('derivePhases', () => {
  it('applies every rule and sums to the wall clock', () => {
    const d = derivePhases(base, 'slowest');
    const get = (id: string) => d.phases.find((p) => p.id === id);
    expect(get('compile_cache_download')).toMatchObject({ durationS: 20, source: 'timestamp' }); // 22 s gap − 2 s
    expect(get('fixed_init')).toMatchObject({ durationS: 20, source: 'timestamp' }); // 40 − 20
    expect(get('model_loading')).toMatchObject({ durationS: 160, source: 'log' });
    expect(get('torch_compile')?.durationS).toBe(30);
    expect(get('compile_cache_load')).toMatchObject({ parent: 'torch_compile', durationS: 4 });
    expect(get('memory_profiling')).toMatchObject({ durationS: 96 - 30 - 15 - 1, source: 'derived' });
    expect(get('warmup')?.durationS).toBe(1 + 4);
    const top = d.phases.filter((p) => p.parent === null);
    const explained = top.filter((p) => p.id !== 'unattributed').reduce((s, p) => s + p.durationS, 0);
    expect(get('unattributed')?.durationS).toBeCloseTo(300 - explained, 6);
    expect(d.totalS).toBe(300);
    expect(d.wallClockS).toBe(300);
  });

  it('lays top phases end to end and children inside their parent', () => {
    const d = derivePhases(base, 'slowest');
    let cursor = 0;
    for (const p of d.phases.filter((x) => x.parent === null)) {
      expect(p.startS).toBeCloseTo(cursor, 6);
      cursor += p.durationS;
    }
    const tc = d.phases.find((p) => p.id === 'torch_compile');
    expect(d.phases.find((p) => p.id === 'compile_cache_load')?.startS).toBe(tc?.startS);
  });

  it('says when torch.compile and warmup are timed together, and gives neither phase that value', () => {
    const values: StartupMeasurements['values'] = {
      ...base.values,
      torch_compile_and_warmup: [rv('a', 23.82, 230, 33)],
    };
    delete values['torch_compile'];
    const d = derivePhases({ ...base, values }, 'slowest');
    expect(d.issues.join('\n')).toMatch(/timed together \(23\.82 s, line 33\)/);
    expect(d.phases.find((p) => p.id === 'torch_compile')).toBeUndefined();
    expect(derivePhases(base, 'slowest').issues.join('\n')).not.toMatch(/timed together/);
  });

  it('re-derives with another rank mode', () => {
    const d = derivePhases(base, 'first');
    expect(d.phases.find((p) => p.id === 'model_loading')?.durationS).toBe(150);
    expect(d.phases.find((p) => p.id === 'torch_compile')?.durationS).toBe(28);
  });

  it('lays manual values beside the measurement and adds custom phases first', () => {
    const manual = new Map([
      ['fixed_init', { valueS: 39.4, note: 'chart constant' }],
      ['node_provisioning', { valueS: 120, note: 'from the cloud console' }],
    ]);
    const d = derivePhases(base, 'slowest', manual);
    expect(d.phases[0]).toMatchObject({
      id: 'node_provisioning',
      source: 'manual',
      startS: 0,
      measuredS: null,
    });
    expect(d.phases.find((p) => p.id === 'fixed_init')).toMatchObject({
      durationS: 39.4,
      source: 'manual',
      measuredS: 20,
      note: 'chart constant',
      detail: 'manual: chart constant',
    });
    expect(d.totalS).toBeCloseTo(300 + 120 + 19.4, 6);
  });

  it('clamps negative unattributed time and says why', () => {
    const tight = { ...base, anchors: { ...base.anchors, end: { atS: 290, line: 90 } } };
    const d = derivePhases(tight, 'slowest');
    expect(d.phases.find((p) => p.id === 'unattributed')?.durationS).toBe(0);
    expect(d.issues.join(' ')).toMatch(/exceed the wall-clock time/);
  });

  it('gives no value (not zero) for phases it cannot derive', () => {
    const d = derivePhases(
      {
        ...base,
        values: { model_loading: base.values['model_loading'] ?? [] },
        anchors: { ...base.anchors, engineReady: null },
      },
      'slowest',
    );
    expect(d.phases.find((p) => p.id === 'torch_compile')).toBeUndefined();
    expect(d.phases.find((p) => p.id === 'memory_profiling')).toBeUndefined();
    expect(d.issues.join(' ')).toMatch(/memory profiling has no value/);
  });
});

describe('a child phase longer than its parent (issue 9)', () => {
  it('is reported, not silently drawn past its parent', () => {
    const m = { ...base, values: { ...base.values, weights_load: [rv('a', 400, 190, 19)] } };
    expect(derivePhases(m, 'slowest').issues).toContainEqual(
      'phase weights_load (400 s) is longer than its parent model_loading (160 s): one of them is mis-measured',
    );
    expect(derivePhases(base, 'slowest').issues.filter((i) => /longer than its parent/.test(i))).toEqual([]);
  });
});
