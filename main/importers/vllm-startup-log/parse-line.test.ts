import { describe, expect, it } from 'vitest';
import { parseLine, stripAnsi } from './parse-line';

describe('parseLine', () => {
  it('strips ANSI colour and peels nested Ray prefixes, innermost last', () => {
    const p = parseLine(
      '\x1b[36m(ServeReplica:default:LLMServer:llama pid=279575)\x1b[0m (EngineCore_DP0 pid=279992) (RayWorkerWrapper pid=280118) INFO 10-15 14:56:52 [gpu_model_runner.py:2906] Model loading took 54.9205 GiB and 756.955959 seconds',
    );
    expect(p.prefixes.map((x) => [x.name, x.pid])).toEqual([
      ['ServeReplica:default:LLMServer:llama', '279575'],
      ['EngineCore_DP0', '279992'],
      ['RayWorkerWrapper', '280118'],
    ]);
    expect(p.level).toBe('INFO');
    expect(p.stamp).toEqual({ year: null, month: 10, day: 15, hour: 14, minute: 56, second: 52 });
    expect(p.location).toBe('gpu_model_runner.py:2906');
    expect(p.message).toBe('Model loading took 54.9205 GiB and 756.955959 seconds');
    expect(p.repeated).toBe(0);
  });

  it('keeps parentheses inside process names', () => {
    const p = parseLine(
      '(ServeReplica:app:LLMServer:tiny(v2) pid=12) INFO 01-02 03:04:05 [x.py:1] hello (world)',
    );
    expect(p.prefixes[0]).toEqual({ name: 'ServeReplica:app:LLMServer:tiny(v2)', pid: '12', ip: null });
    expect(p.message).toBe('hello (world)');
  });

  it('reads a bare (pid=N) prefix and a multi-node ip', () => {
    const p = parseLine(
      '(pid=280119, ip=10.0.0.7) INFO 10-15 14:43:46 [__init__.py:224] Automatically detected platform cuda.',
    );
    expect(p.prefixes[0]).toEqual({ name: '', pid: '280119', ip: '10.0.0.7' });
  });

  it('splits off "[repeated Nx across cluster]" and Ray\'s dedup hint', () => {
    const p = parseLine(
      '(RayWorkerWrapper pid=1) INFO 10-15 14:43:47 [a.py:1] Loading weights took 32.67 seconds [repeated 7x across cluster] (Ray deduplicates logs by default. Set RAY_DEDUP_LOGS=0 to disable log deduplication, or see https://docs.ray.io/en/master/ray-observability/user-guides/configure-logging.html#log-deduplication for more options.)',
    );
    expect(p.repeated).toBe(7);
    expect(p.message).toBe('Loading weights took 32.67 seconds');
  });

  it('keeps lines without a timestamp as messages', () => {
    const p = parseLine(
      '(RayWorkerWrapper pid=370682) [RunAI Streamer] Overall time to stream 54.9 GiB of all files: 74.87s, 751.0 MiB/s',
    );
    expect(p.stamp).toBeNull();
    expect(p.level).toBeNull();
    expect(p.message).toBe(
      '[RunAI Streamer] Overall time to stream 54.9 GiB of all files: 74.87s, 751.0 MiB/s',
    );
  });

  it('does not take "(autoscaler +19s)" for a process prefix', () => {
    const p = parseLine('(autoscaler +19s) Tip: use `ray status` to view detailed cluster status.');
    expect(p.prefixes).toEqual([]);
  });

  it('unwraps kubectl ISO timestamps, docker compose prefixes and k8s borders', () => {
    const iso = parseLine(
      '2026-01-02T03:04:05.123456Z INFO 01-02 03:04:05 [core.py:243] init engine (profile, create kv cache, warmup model) took 10.00 seconds',
    );
    expect(iso.stamp?.year).toBe(2026);
    expect(iso.message).toMatch(/^init engine/);
    const compose = parseLine(
      'vllm-1  | (APIServer pid=1) INFO 01-02 03:04:05 [api_server.py:1] vLLM API server version 0.11.0',
    );
    expect(compose.prefixes[0]?.name).toBe('APIServer');
    expect(compose.message).toBe('vLLM API server version 0.11.0');
    const border = parseLine('│ INFO 01-02 03:04:05 [monitor.py:33] torch.compile took 12.50 s in total │');
    expect(border.message).toBe('torch.compile took 12.50 s in total');
  });

  it('peels `grep -n` line numbers (with a file name, a context dash, or grep of grep output)', () => {
    // the form of a vLLM-Ascend start-up excerpt quoted from `grep -n` output in a public report
    const worker = parseLine(
      '1139:(Worker_TP0_EP0 pid=2295927) INFO 06-24 21:47:18 [worker.py:423] Available KV cache memory: 0.30 GiB',
    );
    expect(worker.prefixes).toEqual([{ name: 'Worker_TP0_EP0', pid: '2295927', ip: null }]);
    expect([worker.level, worker.location, worker.message]).toEqual([
      'INFO',
      'worker.py:423',
      'Available KV cache memory: 0.30 GiB',
    ]);
    for (const l of [
      'serve.log:1156:(EngineCore pid=2295872) INFO 06-24 21:47:20 [kv_cache_utils.py:1710] GPU KV cache size: 5,248 tokens',
      '1156-(EngineCore pid=2295872) INFO 06-24 21:47:20 [kv_cache_utils.py:1710] GPU KV cache size: 5,248 tokens',
      '3:serve.log:1156:(EngineCore pid=2295872) INFO 06-24 21:47:20 [kv_cache_utils.py:1710] GPU KV cache size: 5,248 tokens',
    ]) {
      const p = parseLine(l);
      expect([p.prefixes[0]?.name, p.message]).toEqual(['EngineCore', 'GPU KV cache size: 5,248 tokens']);
    }
    expect(parseLine('42:INFO 06-24 21:47:20 [core.py:1] ready').location).toBe('core.py:1');
    expect(
      parseLine('7:│ INFO 03-21 20:15:44 [monitor.py:33] torch.compile takes 28.77 s in total').message,
    ).toBe('torch.compile takes 28.77 s in total');
    // a clock time or a ratio opening a message is not a line number
    expect(parseLine('12:34:56 ready').message).toBe('12:34:56 ready');
    expect(parseLine('3-4x faster').message).toBe('3-4x faster');
  });

  it('stripAnsi leaves plain text alone', () => {
    expect(stripAnsi('plain')).toBe('plain');
    expect(stripAnsi('\x1b[1m\x1b[31mred\x1b[0m')).toBe('red');
  });
});
