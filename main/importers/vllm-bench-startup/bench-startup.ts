// `vllm bench startup --output-json` results (vllm/benchmarks/startup.py): per scenario (cold, warm)
// the total start-up seconds and the torch.compile seconds of every iteration, their mean and
// percentiles. Each iteration becomes one start-up snapshot ("cold 2/3"): the whole start-up is
// its total, torch.compile its compilation time; nothing else is invented. `vllm bench sweep startup`
// writes the same object per run (`run=N.json`) with the combination's parameters merged in: they
// become metadata (the model included) and name the snapshots ("tp1 run 0 · cold 1/3").
import { z } from 'zod';
import type { Meta, RankValue } from '../../../shared/model';
import type { StartupParseResult } from '../vllm-startup-log/parser';
import { lineOf, measuredStartupResult } from './startup-result';

const Seconds = z.number().finite().nonnegative();
const Percentiles = z.record(z.string(), z.number());

/** The file as startup.py's `_metric_to_json` writes it (keys per scenario and metric). */
export const BenchStartupJson = z
  .object({
    avg_cold_startup_time: z.number().optional(),
    cold_startup_times: z.array(Seconds).optional(),
    cold_startup_percentiles: Percentiles.optional(),
    avg_cold_compilation_time: z.number().optional(),
    cold_compilation_times: z.array(Seconds).optional(),
    avg_cold_encoder_compilation_time: z.number().optional(),
    cold_encoder_compilation_times: z.array(Seconds).optional(),
    avg_warm_startup_time: z.number().optional(),
    warm_startup_times: z.array(Seconds).optional(),
    warm_startup_percentiles: Percentiles.optional(),
    avg_warm_compilation_time: z.number().optional(),
    warm_compilation_times: z.array(Seconds).optional(),
    avg_warm_encoder_compilation_time: z.number().optional(),
    warm_encoder_compilation_times: z.array(Seconds).optional(),
  })
  .passthrough();
export type BenchStartupJson = z.infer<typeof BenchStartupJson>;

/**
 * The keys that make a JSON object a `vllm bench startup` result. Only an object is one: the
 * `*.pytorch.json` side files (a list of records naming these metrics) are not.
 */
export const BENCH_STARTUP_KEYS = /"(?:avg_cold_startup_time|cold_startup_times|avg_warm_startup_time)"\s*:/;

const SCENARIOS = ['cold', 'warm'] as const;

/** startup.py's own keys: every other scalar is a parameter `vllm bench sweep startup` merged in. */
const OWN_KEY =
  /^(?:avg_)?(?:cold|warm)_(?:startup|compilation|encoder_compilation)(?:_times?|_percentiles)$/;

/**
 * What `vllm bench sweep startup` adds to each `run=N.json`: run_number, `_benchmark_name` and the
 * serve/startup parameters of the combination (model, tensor_parallel_size…), kept as written.
 */
function sweepParams(j: Record<string, unknown>): { meta: Meta; label: string | null } {
  const meta: Meta = {};
  for (const [k, v] of Object.entries(j)) {
    if (OWN_KEY.test(k)) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') meta[k] = v;
    else if (v !== null && v !== undefined) meta[k] = JSON.stringify(v);
  }
  const name = meta['_benchmark_name'];
  const run = meta['run_number'];
  const parts = [typeof name === 'string' ? name : null, typeof run === 'number' ? `run ${run}` : null];
  const label = parts.filter((x) => x !== null).join(' ');
  return { meta, label: label || null };
}

/** One result per iteration of each scenario; throws (naming the problem) on content it cannot read. */
export function benchStartupResults(text: string): StartupParseResult[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid JSON: ${(e as Error).message}`);
  }
  const parsed = BenchStartupJson.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`not a \`vllm bench startup\` result: ${i?.path.join('.') ?? ''} ${i?.message ?? ''}`);
  }
  const j = parsed.data;
  const lines = text.split('\n').length;
  const sweep = sweepParams(j);
  const prefix = sweep.label ? `${sweep.label} · ` : '';
  const out: StartupParseResult[] = [];
  for (const s of SCENARIOS) {
    const totals = j[`${s}_startup_times`];
    const compiles = j[`${s}_compilation_times`];
    const encoders = j[`${s}_encoder_compilation_times`];
    const avg = j[`avg_${s}_startup_time`];
    const totalLine = lineOf(text, `"${s}_startup_times"`);
    const compileLine = lineOf(text, `"${s}_compilation_times"`);
    const scenarioMeta = {
      ...sweep.meta,
      benchTool: 'vllm bench startup',
      startupScenario: s,
      ...(typeof avg === 'number' ? { avgStartupS: avg } : {}),
      ...(typeof j[`avg_${s}_compilation_time`] === 'number'
        ? { avgCompilationS: j[`avg_${s}_compilation_time`] ?? null }
        : {}),
    };
    if (totals && totals.length > 0) {
      const issues: StartupParseResult['issues'] = [];
      if (compiles && compiles.length !== totals.length)
        issues.push({
          line: compileLine,
          message: `${compiles.length} compilation times for ${totals.length} ${s} start-ups: compilation not read`,
        });
      const pairedCompiles = compiles && compiles.length === totals.length ? compiles : null;
      totals.forEach((totalS, i) => {
        const values: Record<string, RankValue[]> = {};
        const c = pairedCompiles?.[i];
        if (c !== undefined && c > 0)
          values['torch_compile'] = [{ rank: 'main', valueS: c, repeated: 0, atS: null, line: compileLine }];
        const enc = encoders?.length === totals.length ? encoders[i] : undefined;
        out.push(
          measuredStartupResult({
            engine: `${prefix}${s} ${i + 1}/${totals.length}`,
            totalS,
            totalLine,
            values,
            meta: {
              ...scenarioMeta,
              iteration: i + 1,
              iterations: totals.length,
              ...(enc !== undefined ? { encoderCompilationS: enc } : {}),
            },
            events: [],
            issues: [
              ...issues,
              ...(c === 0
                ? [
                    {
                      line: compileLine,
                      message: 'compilation time 0 s: no torch.compile (or none measured)',
                    },
                  ]
                : []),
            ],
            lines,
          }),
        );
      });
    } else if (typeof avg === 'number') {
      // only the mean (a trimmed file): one snapshot for the scenario, said plainly
      const ac = j[`avg_${s}_compilation_time`];
      out.push(
        measuredStartupResult({
          engine: `${prefix}${s} mean`,
          totalS: avg,
          totalLine: lineOf(text, `"avg_${s}_startup_time"`),
          values:
            typeof ac === 'number' && ac > 0
              ? {
                  torch_compile: [
                    {
                      rank: 'main',
                      valueS: ac,
                      repeated: 0,
                      atS: null,
                      line: lineOf(text, `"avg_${s}_compilation_time"`),
                    },
                  ],
                }
              : {},
          meta: scenarioMeta,
          events: [],
          issues: [
            { line: null, message: `no per-iteration ${s} times: the mean of the iterations is shown` },
          ],
          lines,
        }),
      );
    }
  }
  if (out.length === 0) throw new Error('`vllm bench startup` result without any cold or warm start-up time');
  return out;
}
