import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { derivePhases } from '../../../shared/startup-phases';
import { splitLines } from '../line-reader';
import { StartupLogParser } from './parser';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parse(text: string) {
  const p = new StartupLogParser();
  for (const l of splitLines(text)) p.push(l.text, l.line);
  return p.finish();
}
const lines = (...ls: string[]) => ls.join('\n');
const W = (pid: number, msg: string) =>
  `(RayWorkerWrapper pid=${pid}) INFO 05-06 10:00:${String(pid % 60).padStart(2, '0')} [x.py:1] ${msg}`;

describe('StartupLogParser on our Ray Serve fixture', () => {
  const r = parse(fixture('ray-tp2-base.log'));

  it('de-duplicates the nested echoes of worker lines', () => {
    expect(r.stats.duplicates).toBe(12);
    expect(r.events.filter((e) => e.message.startsWith('Model loading took'))).toHaveLength(2);
  });

  it("starts at the LLM replica's first line and ends at the first request", () => {
    expect(r.measurements.startLine).toBe(3);
    expect(r.measurements.anchors.endKind).toBe('first_request');
    expect(r.measurements.anchors.end?.atS).toBe(209);
  });

  it('keeps per-rank values, including values only in the nested copy', () => {
    expect(r.measurements.values['model_loading']?.map((v) => v.valueS)).toEqual([110.5, 112]);
    expect(r.measurements.values['torch_compile']?.map((v) => [v.rank, v.valueS, v.repeated])).toEqual([
      ['6001', 34, 0],
      ['6002', 35, 1],
    ]);
  });

  it('reads metadata', () => {
    expect(r.meta).toMatchObject({
      model: 'acme/tiny-chat-7b',
      vllmVersion: '0.11.0',
      tensorParallelSize: 2,
      loadFormat: 'auto',
      compileCache: 'miss',
      architecture: 'TinyLlamaForCausalLM',
      yearInferred: true,
    });
  });

  it('derives phases that sum exactly to the wall clock', () => {
    const d = derivePhases(r.measurements, 'slowest');
    const top = d.phases.filter((p) => p.parent === null);
    expect(top.map((p) => [p.id, p.durationS])).toEqual([
      ['fixed_init', 25],
      ['model_loading', 112],
      ['torch_compile', 35],
      ['memory_profiling', 13],
      ['cuda_graph_capture', 20],
      ['warmup', 4],
      ['unattributed', 0],
    ]);
    expect(d.totalS).toBe(209);
    expect(d.wallClockS).toBe(209);
    expect(d.issues).toEqual([]);
  });
});

describe('StartupLogParser on the cached fixture', () => {
  const r = parse(fixture('ray-tp2-cached.log'));
  it('detects the compile-cache hit, the RunAI stream and the S3 model', () => {
    expect(r.meta).toMatchObject({
      compileCache: 'hit',
      loadFormat: 'runai_streamer_sharded',
      model: 'tiny-chat-7b-sharded',
    });
    expect(r.measurements.values['weights_stream']?.map((v) => v.valueS)).toEqual([11.2, 11.9]);
    expect(r.measurements.values['compile_cache_load']?.map((v) => v.valueS)).toEqual([1.9, 2.1]);
    const d = derivePhases(r.measurements, 'slowest');
    // download task 11:00:06 → engine config 11:00:20 = 14 s, minus the 2 s it takes without a hit
    expect(d.phases.find((p) => p.id === 'compile_cache_download')).toMatchObject({
      durationS: 12,
      source: 'timestamp',
    });
    expect(d.phases.find((p) => p.id === 'fixed_init')?.durationS).toBe(36 - 12);
    expect(d.totalS).toBe(d.wallClockS);
  });
});

describe('message wordings across vLLM versions', () => {
  it('"Model loading took X GiB and Y seconds" and "… X GiB memory and Y seconds"', () => {
    const r = parse(
      lines(
        W(1, 'Model loading took 54.9205 GiB and 756.955959 seconds'),
        W(2, 'Model loading took 14.99 GiB memory and 12.5 seconds'),
      ),
    );
    expect(r.measurements.values['model_loading']?.map((v) => v.valueS)).toEqual([756.955959, 12.5]);
  });

  it('V0 "Loading model weights took X GB" has no seconds: no model-loading value is invented', () => {
    const r = parse(lines(W(1, 'Loading model weights took 14.9888 GB')));
    expect(r.measurements.values['model_loading']).toBeUndefined();
    expect(r.measurements.values['weights_load_gb_v0']?.[0]?.valueS).toBe(14.9888);
  });

  it('"torch.compile takes|took N s in total"', () => {
    const r = parse(
      lines(W(1, 'torch.compile takes 111.09 s in total'), W(2, 'torch.compile took 23.39 s in total')),
    );
    expect(r.measurements.values['torch_compile']?.map((v) => v.valueS)).toEqual([111.09, 23.39]);
  });

  it('V0 "Memory profiling takes N seconds" includes compile: the two are not stacked', () => {
    const r = parse(
      lines(
        '(APIServer pid=9) INFO 05-06 10:00:00 [a.py:1] vLLM API server version 0.6.3',
        W(1, 'torch.compile takes 20.00 s in total'),
        W(2, 'Memory profiling takes 30.50 seconds'),
      ),
    );
    const d = derivePhases(r.measurements, 'slowest');
    expect(d.phases.find((p) => p.id === 'memory_profiling')?.durationS).toBe(10.5);
    expect(r.meta['vllmVersion']).toBe('0.6.3');
  });

  it('"Initial profiling/warmup run took N s" (2026)', () => {
    const r = parse(lines(W(1, 'Initial profiling/warmup run took 4.25 s')));
    const d = derivePhases(r.measurements, 'slowest');
    expect(d.phases.find((p) => p.id === 'memory_profiling')).toMatchObject({
      durationS: 4.25,
      source: 'log',
    });
  });

  it('"Graph capturing finished in N secs"', () => {
    const r = parse(lines(W(1, 'Graph capturing finished in 44 secs, took 2.99 GiB')));
    expect(r.measurements.values['cuda_graph_capture']?.[0]?.valueS).toBe(44);
  });

  it('"Compiling a graph for dynamic shape | general shape | compile range (a, b) takes N s", summed per rank', () => {
    const r = parse(
      lines(
        W(1, 'Compiling a graph for dynamic shape takes 92.91 s'),
        W(2, 'Compiling a graph for general shape takes 10.00 s'),
        '(RayWorkerWrapper pid=2) INFO 05-06 10:00:09 [x.py:1] Compiling a graph for compile range (1, 8192) takes 5.50 s',
      ),
    );
    expect(r.measurements.values['inductor_compile']?.map((v) => [v.rank, v.valueS])).toEqual([
      ['1', 92.91],
      ['2', 15.5],
    ]);
    expect(r.meta['compileCache']).toBe('miss');
  });

  it('"Directly load the compiled graph(s) … from the cache[, took N s]"', () => {
    const r = parse(
      lines(
        W(1, 'Directly load the compiled graph(s) for dynamic shape from the cache, took 5.493 s'),
        W(2, 'Directly load the compiled graph(s) for general shape from the cache'),
      ),
    );
    expect(r.measurements.values['compile_cache_load']?.map((v) => v.valueS)).toEqual([5.493]);
    expect(r.meta['compileCache']).toBe('hit');
  });

  it('"[RunAI Streamer] Overall time to stream X GiB of all files: Ns" (no timestamp)', () => {
    const r = parse(
      '(RayWorkerWrapper pid=3) [RunAI Streamer] Overall time to stream 54.9 GiB of all files: 74.87s, 751.0 MiB/s',
    );
    expect(r.measurements.values['weights_stream']?.[0]).toMatchObject({ valueS: 74.87, atS: null, line: 1 });
  });
});

describe('ordering, gaps and dates', () => {
  it('orders events by timestamp, not file order', () => {
    const r = parse(
      lines(
        '(ServeReplica:a:LLMServer:m pid=1) INFO 05-06 10:15:00 [a.py:1] late line printed first',
        '(ServeReplica:a:LLMServer:m pid=1) INFO 05-06 10:00:00 [a.py:1] Automatically detected platform cuda.',
        W(2, 'Starting to load model m...'),
      ),
    );
    expect(r.measurements.startLine).toBe(2);
    expect(r.events.map((e) => e.line)).toEqual([2, 3, 1]);
    expect(r.events[2]?.atS).toBe(900);
  });

  it('keeps lines with no timestamp and reports no start when nothing is timestamped', () => {
    const r = parse(
      '[Gloo] Rank 0 is connected to 1 peer ranks.\n(RayWorkerWrapper pid=1) Read throughput is 800.27 MB per second',
    );
    expect(r.events).toHaveLength(2);
    expect(r.events.every((e) => e.atS === null)).toBe(true);
    expect(r.measurements.startLine).toBeNull();
    expect(r.issues.map((i) => i.message)).toContain('no timestamped line: replica start unknown');
  });

  it('handles a year rollover (12-31 → 01-01), including a late December line after January ones', () => {
    const r = parse(
      lines(
        '(ServeReplica:a:LLMServer:m pid=1) INFO 12-31 23:59:50 [a.py:1] Automatically detected platform cuda.',
        W(2, 'Starting to load model m...').replace('05-06 10:00:02', '12-31 23:59:58'),
        '(RayWorkerWrapper pid=2) INFO 01-01 00:00:30 [a.py:1] Model loading took 1.0 GiB and 31.000000 seconds',
        '(RayWorkerWrapper pid=3) INFO 12-31 23:59:59 [a.py:1] Loading weights took 0.50 seconds',
        '(ServeReplica:a:LLMServer:m pid=1) INFO 01-01 00:01:10 [a.py:1] Added request r1.',
      ),
    );
    expect(r.measurements.anchors.startLoad?.atS).toBe(8);
    expect(r.measurements.anchors.end?.atS).toBe(80);
    expect(r.events.find((e) => e.line === 4)?.atS).toBe(9);
  });

  it('ends at the error of a failed first request when no request reaches the engine', () => {
    const r = parse(
      lines(
        '(ServeReplica:a:LLMServer:m pid=1) INFO 05-06 10:00:00 [a.py:1] Automatically detected platform cuda.',
        '(ServeReplica:a:OpenAiIngress pid=5) ERROR 05-06 10:00:01 [a.py:1] Traceback (most recent call last):',
        '(ServeReplica:a:LLMServer:m pid=1) (EngineCore_DP0 pid=2) INFO 05-06 10:01:00 [core.py:243] init engine (profile, create kv cache, warmup model) took 30.00 seconds',
        '(ServeReplica:a:LLMServer:m pid=1) ERROR 05-06 10:01:02 [serving_chat.py:256] Error in preprocessing prompt inputs',
      ),
    );
    expect(r.measurements.anchors.endKind).toBe('request_error');
    expect(r.measurements.anchors.end).toEqual({ atS: 62, line: 4 });
  });

  it('falls back to engine ready when nothing follows it', () => {
    const r = parse(
      lines(
        '(APIServer pid=1) INFO 05-06 10:00:00 [a.py:1] vLLM API server version 0.11.0',
        '(EngineCore_DP0 pid=2) INFO 05-06 10:01:00 [core.py:243] init engine (profile, create kv cache, warmup model) took 30.00 seconds',
      ),
    );
    expect(r.measurements.anchors.endKind).toBe('init_engine');
    expect(r.measurements.anchors.end?.atS).toBe(60);
  });
});

describe('start-up logs from other stacks and versions', () => {
  const top = (name: string) => {
    const r = parse(fixture(name));
    const d = derivePhases(r.measurements, 'slowest');
    return { r, d, get: (id: string) => d.phases.find((p) => p.id === id) };
  };

  it('plain `vllm serve` (2026: APIServer / EngineCore / Worker_TPn prefixes, "took", compile range, tqdm lines)', () => {
    const { r, d, get } = top('vllm-serve-2026.log');
    expect(r.measurements.startLine).toBe(1); // no Ray replica: the server's first line
    expect(r.measurements.anchors.endKind).toBe('first_request');
    expect(r.meta).toMatchObject({
      vllmVersion: '0.14.1',
      tensorParallelSize: 2,
      model: 'acme/tiny-chat-7b',
    });
    expect(get('model_loading')?.ranks.map((x) => [x.rank, x.valueS])).toEqual([
      ['Worker_TP0 pid=4301', 19.8],
      ['Worker_TP1 pid=4302', 20.5],
    ]);
    expect(get('torch_compile')?.durationS).toBe(30.2);
    expect(get('inductor_compile')?.durationS).toBe(22.1);
    expect(get('cuda_graph_capture')?.durationS).toBe(12);
    expect(get('memory_profiling')).toMatchObject({ durationS: 4.8, source: 'derived' }); // 48 − 30.2 − 12 − 1
    expect(d.totalS).toBe(100);
    // the tqdm bar's \r redraws are separate lines, not one giant message
    expect(r.stats.lines).toBeGreaterThan(24);
  });

  it('V0: weights GB without seconds (timed by timestamps), "Memory profiling takes" not stacked, "Received request" ends it', () => {
    const { r, d, get } = top('vllm-v0.log');
    expect(r.meta).toMatchObject({ engine: 'V0', vllmVersion: '0.6.3', tensorParallelSize: 1 });
    expect(get('model_loading')).toMatchObject({ durationS: 22, source: 'timestamp' });
    expect(get('memory_profiling')?.durationS).toBe(13.5);
    expect(get('torch_compile')).toBeUndefined();
    expect(get('warmup')).toMatchObject({ durationS: 28, source: 'timestamp' }); // last graph capture → first request
    expect(r.measurements.anchors.endKind).toBe('first_request');
    expect(d.totalS).toBe(90);
  });

  it('kubectl --timestamps + docker compose + k8s borders, multi-node ip= prefixes, VllmWorker rank=N, across New Year', () => {
    const { r, d, get } = top('k8s-multinode.log');
    expect(r.meta['yearInferred']).toBe(false); // the ISO timestamps carry the year
    expect(get('model_loading')?.ranks.map((x) => x.rank)).toEqual(['2001', '1001']);
    expect(get('torch_compile')?.ranks.map((x) => [x.rank, x.valueS])).toEqual([
      ['2002', 25],
      ['1002', 26],
    ]);
    expect(get('fixed_init')?.durationS).toBe(18);
    expect(d.wallClockS).toBe(145);
    expect(d.totalS).toBe(145);
  });

  it('says when a phase cannot be derived instead of guessing zero', () => {
    const { d, get } = top('vllm-v0.log');
    expect(get('compile_cache_download')).toBeUndefined();
    const bare = derivePhases(parse(W(1, 'Model loading took 1 GiB and 5 seconds')).measurements, 'slowest');
    expect(bare.phases.map((p) => p.id)).toEqual(['model_loading']);
    expect(bare.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/fixed init cannot be derived/),
        expect.stringMatching(/memory profiling has no value/),
        expect.stringMatching(/wall clock unknown/),
      ]),
    );
    expect(d.issues).toEqual([]);
  });
});

describe('several LLM replicas starting in one stream', () => {
  const R = (app: string, pid: number, t: string, msg: string) =>
    `(ServeReplica:default:LLMServer:${app} pid=${pid}) INFO 05-06 10:${t} [x.py:1] ${msg}`;
  const text = lines(
    R('llama', 100, '00:00', 'Starting to load model meta-llama/Llama-3.1-8B...'),
    R('qwen', 200, '00:05', 'Starting to load model Qwen/Qwen3-8B...'),
    R('llama', 100, '00:40', 'Model loading took 15.0 GiB and 40.000000 seconds'),
    R('qwen', 200, '01:05', 'Model loading took 16.0 GiB and 60.000000 seconds'),
    R('qwen', 200, '01:35', 'init engine (profile, create kv cache, warmup model) took 30.00 seconds'),
    R('llama', 100, '01:00', 'init engine (profile, create kv cache, warmup model) took 20.00 seconds'),
  );

  it('gives one result per replica and never merges their values', () => {
    const p = new StartupLogParser();
    for (const l of splitLines(text)) p.push(l.text, l.line);
    const rs = p.finishAll();
    expect(rs.map((r) => r.engine)).toEqual([
      'ServeReplica:default:LLMServer:llama pid=100',
      'ServeReplica:default:LLMServer:qwen pid=200',
    ]);
    const [llama, qwen] = rs;
    expect(llama?.measurements.values['model_loading']?.map((v) => v.valueS)).toEqual([40]);
    expect(qwen?.measurements.values['model_loading']?.map((v) => v.valueS)).toEqual([60]);
    expect(llama?.measurements.anchors.end?.atS).toBe(60);
    expect(qwen?.measurements.anchors.end?.atS).toBe(90);
    expect(llama?.status).toBe('complete');
    expect(qwen?.issues.map((i) => i.message)).toContain(
      '2 LLM replicas start interleaved in this log: one snapshot each, this one is ServeReplica:default:LLMServer:qwen pid=200',
    );
  });

  it('keeps one result for a single replica', () => {
    const p = new StartupLogParser();
    for (const l of splitLines(fixture('ray-tp2-base.log'))) p.push(l.text, l.line);
    const rs = p.finishAll();
    expect(rs).toHaveLength(1);
    expect(rs[0]?.engine).toBeNull();
  });
});

describe('timestamps going backwards (issue 9)', () => {
  it('names the first line well before an earlier one, and counts them', () => {
    const text = fixture('vllm-v0.log').replace('INFO 11-20 08:00:31', 'INFO 11-20 07:00:31');
    expect(parse(text).issues).toContainEqual({
      line: 4,
      message: 'timestamp goes backwards by 3578 s (earlier than line 3): phases across it may be wrong',
    });
  });

  it("does not flag Ray's late [repeated Nx] summaries nor a few seconds of interleaving", () => {
    const text = lines(
      W(1, 'Starting to load model acme/tiny...'),
      `(RayWorkerWrapper pid=2) INFO 05-06 10:09:00 [x.py:1] later`,
      `(RayWorkerWrapper pid=3) INFO 05-06 10:01:00 [x.py:1] a summary [repeated 7x across cluster]`,
      `(RayWorkerWrapper pid=4) INFO 05-06 10:08:10 [x.py:1] interleaved`,
    );
    expect(parse(text).issues.filter((i) => /backwards/.test(i.message))).toEqual([]);
  });
});

describe('a failed start-up', () => {
  it('names where it stopped, a long error message ending in "…" rather than cut mid-word', () => {
    const long = `EngineCore failed to start. ${'RuntimeError: out of resources while allocating '.repeat(6)}`;
    const r = parse(
      lines(
        'INFO 05-06 10:00:00 [x.py:1] Starting to load model facebook/opt-125m...',
        `ERROR 05-06 10:00:05 [core.py:1] ${long}`,
      ),
    );
    expect(r.status).toBe('failed');
    expect(r.statusReason).toMatch(/^failed at line 2: EngineCore failed to start\. /);
    const quoted =
      /^failed at line 2: (.*?)(?: \(last start-up step|$)/.exec(r.statusReason ?? '')?.[1] ?? '';
    expect(quoted).toHaveLength(160);
    expect(quoted.endsWith('…')).toBe(true);
  });
});
