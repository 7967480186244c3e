// Hand-written serving points for the serving model, layout and component tests (shaped like the
// horizontal-scaling and request-rate sweeps of the reference corpus, numbers chosen to be exact).
import type { PointFlag, ServingPoint } from './model';

let nextId = 1;

export function point(
  file: string,
  metrics: Record<string, number | null>,
  extra: Partial<ServingPoint> = {},
  flags: Record<string, PointFlag> = {},
): ServingPoint {
  const conc = /conc(\d+)/.exec(file);
  const aggregate = file.startsWith('all-parts/');
  const part = /^part(\d+)\//.exec(file);
  return {
    id: nextId++,
    file,
    part: part ? Number(part[1]) : null,
    aggregate,
    concurrency: conc ? Number(conc[1]) : null,
    concurrencyUnbounded: false,
    requestRate: null,
    rateInfinite: true,
    repeat: null,
    completed: 100,
    failed: 0,
    numPrompts: 100,
    durationS: 10,
    date: null,
    metrics,
    flags: { failed: 'derived', ...flags },
    sourcePath: `/data/${file}`,
    ...extra,
  };
}

/** rayoss-like: all-parts aggregate plus two parts at concurrency 4, 8, 16. */
export function scalingPoints(scale: number): ServingPoint[] {
  const out: ServingPoint[] = [];
  for (const [c, v] of [
    [4, 100],
    [8, 200],
    [16, 400],
  ] as const) {
    out.push(point(`all-parts/conc${c}.json`, { output_throughput: v * scale, mean_ttft_ms: c * 10 }));
    out.push(point(`part1/conc${c}.json`, { output_throughput: (v * scale) / 2 + 1, mean_ttft_ms: c * 10 }));
    out.push(point(`part2/conc${c}.json`, { output_throughput: (v * scale) / 2 - 1, mean_ttft_ms: c * 10 }));
  }
  return out;
}

/** A request-rate sweep with unbounded concurrency and three repeats at rate 9 (rr9, rr9-1, rr9-2). */
export function ratePoints(): ServingPoint[] {
  const rr = (file: string, rate: number, repeat: number | null, v: number): ServingPoint =>
    point(
      file,
      { output_throughput: v, median_itl_ms: 0.004 },
      {
        concurrency: null,
        concurrencyUnbounded: true,
        requestRate: rate,
        rateInfinite: false,
        repeat,
      },
      { max_concurrency: 'unbounded' },
    );
  return [
    rr('rr1.json', 1, null, 100),
    rr('rr3.json', 3, null, 280),
    rr('rr9.json', 9, null, 300),
    rr('rr9-1.json', 9, 1, 390),
    rr('rr9-2.json', 9, 2, 345),
  ];
}
