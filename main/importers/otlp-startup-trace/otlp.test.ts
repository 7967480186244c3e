// vLLM start-up spans in OTLP/JSON: phases from the spans vLLM names, within 0.05 s of the span
// durations (the fixtures are built by fixtures/make-fixtures.py from the span names in vLLM's code).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processLabel } from '../../../shared/rank-label';
import { derivePhases } from '../../../shared/startup-phases';
import { detectFormat } from '../detect';
import { otlpStartupTraceImporter } from './importer';
import { otlpStartupResults, spanMeasure } from './otlp';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function importFile(name: string) {
  const c = otlpStartupTraceImporter.consumer();
  c.push(fixture(name));
  return c.end().map((r) => {
    if (r.kind !== 'startup') throw new Error('expected start-up records');
    return r.result;
  });
}

const near = (got: number | undefined, want: number) =>
  expect(Math.abs((got ?? NaN) - want)).toBeLessThanOrEqual(0.05);

describe('OTLP/JSON vLLM start-up traces', () => {
  it('is detected by its "resourceSpans"', () => {
    expect(detectFormat('trace.json', fixture('otlp-tp2-startup.json'))).toEqual({
      format: 'otlp-startup-trace',
    });
    expect(detectFormat('spans.json', fixture('otlp-two-servers.jsonl.json'))).toEqual({
      format: 'otlp-startup-trace',
    });
  });

  it('one trace, four processes: per-rank phases from the spans, the request trace left out', () => {
    const [r, ...more] = importFile('otlp-tp2-startup.json');
    expect(more).toHaveLength(0);
    if (!r) throw new Error('no result');
    expect(r.status).toBe('complete');
    const v = (k: string) => r.measurements.values[k]?.map((x) => [processLabel(x.rank), x.valueS]);
    expect(v('model_loading')).toEqual([
      ['TP rank 0', 32.25],
      ['TP rank 1', 32.8],
    ]);
    expect(v('weights_download')).toEqual([
      ['TP rank 0', 0.5],
      ['TP rank 1', 0.5],
    ]);
    expect(v('weights_load')).toEqual([
      ['TP rank 0', 27.1],
      ['TP rank 1', 27.9],
    ]);
    expect(v('inductor_compile')).toEqual([
      ['TP rank 0', 12.5],
      ['TP rank 1', 12.8],
    ]);
    expect(v('torch_compile')).toEqual([
      ['TP rank 0', 18.65],
      ['TP rank 1', 19.4],
    ]);
    expect(v('init_engine')).toEqual([['DP rank 0', 51.8]]);
    const d = derivePhases(r.measurements, 'slowest');
    const ph = (id: string) => d.phases.find((p) => p.id === id)?.durationS;
    near(d.totalS, 98.4);
    near(ph('model_loading'), 32.8);
    near(ph('torch_compile'), 19.4);
    near(ph('dynamo_transform'), 6.6);
    near(ph('inductor_compile'), 12.8);
    near(ph('cuda_graph_capture'), 24.4);
    near(ph('memory_profiling'), 51.8 - 19.4 - 24.4);
    near(ph('unattributed'), 98.4 - 32.8 - 19.4 - 8 - 24.4);
    // spans with no phase of their own stay as named events, with their parent
    expect(r.events.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^span "API server setup" 3\.2 s \(file line \d+\)$/),
        expect.stringMatching(/^span "Compile\/warmup" 26\.9 s \(in "Prepare model"\) \(file line \d+\)$/),
        expect.stringMatching(
          /^span "Compile graph" 11\.2 s \(in "Prepare model"\) → inductor_compile \[compile_range=\(1, 2048\)\] \(file line \d+\)$/,
        ),
      ]),
    );
    expect(r.events.some((e) => e.message.includes('llm_request'))).toBe(false);
    expect(r.issues).toEqual([
      { line: null, message: '1 trace(s) of request spans only: not start-ups, not read' },
    ]);
    expect(r.meta).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', service: 'vllm', spans: 24 });
  });

  it('JSON Lines of two servers: one snapshot per trace; a trace without its root span is partial', () => {
    const rs = importFile('otlp-two-servers.jsonl.json');
    expect(rs.map((r) => [r.engine, r.status])).toEqual([
      ['vllm trace aaaaaaaa', 'partial'],
      ['vllm trace bbbbbbbb', 'complete'],
    ]);
    expect(rs[0]?.statusReason).toMatch(/no "Overall Loading" span/);
    const [a, b] = rs.map((r) => derivePhases(r.measurements, 'slowest'));
    near(a?.wallClockS ?? undefined, 19);
    near(a?.phases.find((p) => p.id === 'model_loading')?.durationS, 15.5);
    near(b?.totalS, 40);
    near(b?.phases.find((p) => p.id === 'model_loading')?.durationS, 12.25);
    near(b?.phases.find((p) => p.id === 'cuda_graph_capture')?.durationS, 5.5);
    // lines are span ordinals (a JSON Lines request's spans share its file line): one per span
    expect(rs[1]?.measurements.values['model_loading']?.[0]).toMatchObject({
      rank: 'EngineCore pid=8001',
      line: 4,
    });
    expect(rs[1]?.events.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(rs[1]?.events[1]?.message).toMatch(/\(file line 2\)$/);
  });

  it("maps vLLM's span names, loader variants included, and nothing else", () => {
    expect(spanMeasure('Load weights (zerocopy)')).toBe('weights_load');
    expect(spanMeasure('Load weights via RoCE TP')).toBe('weights_load');
    expect(spanMeasure('Load weightsX')).toBeNull();
    expect(spanMeasure('Download weights - HF')).toBe('weights_download');
    expect(spanMeasure('Load model')).toBe('model_loading');
    expect(spanMeasure('Init device')).toBeNull();
  });

  it('refuses what is not a start-up trace, naming why', () => {
    expect(() => otlpStartupResults('{"resourceSpans": []}')).toThrow(/without any span/);
    const req = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'a',
                  spanId: 'b',
                  name: 'llm_request',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(() => otlpStartupResults(req)).toThrow(/request spans only/);
    expect(() =>
      otlpStartupResults('{"resourceSpans": [{"scopeSpans": [{"spans": [{"name": 1}]}]}]}'),
    ).toThrow(/not an OTLP\/JSON trace export at line 1: resourceSpans\.0\.scopeSpans\.0\.spans\.0\.traceId/);
    expect(() => otlpStartupResults('{"resourceSpans": [\n{"x": 1\n')).toThrow(/invalid JSON at line 1/);
  });
});
