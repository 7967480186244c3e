// The 2025–2026 wordings and process names added to the pattern table: negative graph memory, AOT
// compile-cache hits, the combined compile + warm-up figure, DP/EP/DCP worker names as ranks, and
// bare (unprefixed) lines of several processes kept apart.
import { describe, expect, it } from 'vitest';
import { namesRanks, processLabel } from '../../../shared/rank-label';
import { splitLines } from '../line-reader';
import { StartupLogParser } from './parser';

function parse(text: string) {
  const p = new StartupLogParser();
  for (const l of splitLines(text)) p.push(l.text, l.line);
  return p.finish();
}

const values = (text: string) =>
  Object.fromEntries(
    Object.entries(parse(text).measurements.values).map(([k, vs]) => [k, vs.map((v) => [v.rank, v.valueS])]),
  );

describe('2025–2026 start-up wordings', () => {
  it('reads graph capture whatever the sign of its memory', () => {
    expect(
      values(
        [
          '(Worker_TP0 pid=11) INFO 03-04 08:50:51 [gpu_model_runner.py:5365] Graph capturing finished in 5 secs, took -0.35 GiB',
          '(Worker_TP1 pid=12) INFO 03-04 08:50:52 [gpu_model_runner.py:5365] Graph capturing finished in 6 secs, took 0.12 GiB',
        ].join('\n'),
      ),
    ).toEqual({
      cuda_graph_capture: [
        ['Worker_TP0 pid=11', 5],
        ['Worker_TP1 pid=12', 6],
      ],
    });
  });

  it('counts an AOT compile-cache load as a cache hit without inventing its duration', () => {
    const r = parse(
      '(EngineCore pid=7) INFO 04-13 22:09:34 [decorators.py:305] Directly load AOT compilation from path /c/torch_aot_compile/9106/model',
    );
    expect(r.meta['compileCache']).toBe('hit');
    expect(r.measurements.values).toEqual({});
  });

  it('keeps "torch.compile and initial profiling/warmup run together took" apart from torch.compile alone', () => {
    expect(
      values(
        '(Worker_TP0_DCP0_EP0 pid=64160) INFO 04-22 11:54:08 [monitor.py:48] torch.compile and initial profiling/warmup run together took 23.82 s in total',
      ),
    ).toEqual({ torch_compile_and_warmup: [['Worker_TP0_DCP0_EP0 pid=64160', 23.82]] });
  });

  it('names data/expert-parallel workers by their ranks, nested or not', () => {
    const v = values(
      [
        '(DPEngineCore_DP1 pid=40) INFO 12-29 13:10:00 [core.py:1] init engine (profile, create kv cache, warmup model) took 80.00 s (compilation: 50.00 s)',
        '(EngineCore_DP0 pid=30) (Worker_DP0_TP0_EP0 pid=31) INFO 12-29 13:11:50 [gpu_model_runner.py:1] Model loading took 28.48 GiB memory and 40.0 seconds',
        '(Worker_DP1_TP0 pid=41) INFO 12-29 13:11:51 [gpu_model_runner.py:1] Model loading took 28.48 GiB memory and 41.5 seconds',
        '(Worker_TP0_EP0 pid=51) INFO 12-29 13:11:52 [gpu_model_runner.py:1] Model loading took 28.48 GiB memory and 39.25 seconds',
      ].join('\n'),
    );
    expect(v['model_loading']?.map(([r]) => processLabel(String(r)))).toEqual([
      'rank DP0·TP0·EP0',
      'rank DP1·TP0',
      'rank TP0·EP0',
    ]);
    expect(v['init_engine']?.map(([r]) => processLabel(String(r)))).toEqual(['DP rank 1']);
    expect(namesRanks((v['model_loading'] ?? []).map(([r]) => String(r)))).toBe(true);
  });

  it('keeps bare lines of several processes apart instead of merging them into one rank', () => {
    const v = values(
      [
        'INFO 04-13 00:58:14 [loader.py:447] Loading weights took 0.73 seconds',
        'INFO 04-13 00:58:15 [loader.py:447] Loading weights took 0.89 seconds',
        'INFO 04-13 00:58:15 [loader.py:447] Loading weights took 0.92 seconds',
        'INFO 04-13 00:58:16 [backends.py:1] Compiling a graph for general shape takes 1.5 s',
        'INFO 04-13 00:58:17 [backends.py:1] Compiling a graph for compile range (1, 2048) takes 2.5 s',
      ].join('\n'),
    );
    expect(v['weights_load']).toEqual([
      ['main', 0.73],
      ['main#2', 0.89],
      ['main#3', 0.92],
    ]);
    // graph compiles of bare lines cannot be told apart by process: summed as one, as before
    expect(v['inductor_compile']).toEqual([['main', 4]]);
    expect(processLabel('main#3')).toBe('unprefixed process 3');
  });
});
