// Domain model shared by every layer: snapshots, phases, comparisons, import reports.
// Zod schemas are the single source of truth; the TypeScript types are inferred from them.
import { z } from 'zod';

export const RankMode = z.enum(['slowest', 'first', 'median']);
export type RankMode = z.infer<typeof RankMode>;

export const SnapshotKind = z.enum(['startup', 'serving']);
export type SnapshotKind = z.infer<typeof SnapshotKind>;

/** Where a phase value came from. */
export const PhaseSource = z.enum(['log', 'timestamp', 'derived', 'manual']);
export type PhaseSource = z.infer<typeof PhaseSource>;

export const RankValue = z.object({
  /** Process id of the rank (Ray worker pid), or a synthetic label when no pid was printed. */
  rank: z.string(),
  valueS: z.number(),
  /** Ray's "[repeated Nx across cluster]": N other ranks printed the same message; only this value is shown. */
  repeated: z.number().int().nonnegative(),
  atS: z.number().nullable(),
  line: z.number().int().nullable(),
});
export type RankValue = z.infer<typeof RankValue>;

export const Phase = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  startS: z.number(),
  durationS: z.number(),
  source: PhaseSource,
  /** Human description of the source: the log message, the two timestamps, or the manual note. */
  detail: z.string(),
  ranks: z.array(RankValue),
  /** Line numbers (1-based) of the log lines behind the value. */
  lines: z.array(z.number().int()),
  /** When a manual value overrides a measurement, the measured value is kept here. */
  measuredS: z.number().nullable(),
  note: z.string().nullable(),
  /** The named scenario a manual value belongs to ("published chart assumptions"); null when unnamed. */
  scenario: z.string().nullable().optional(),
});
export type Phase = z.infer<typeof Phase>;

export const MetaValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type MetaValue = z.infer<typeof MetaValue>;
export const Meta = z.record(z.string(), MetaValue);
export type Meta = z.infer<typeof Meta>;

export const SnapshotSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: SnapshotKind,
  model: z.string().nullable(),
  bundle: z.string().nullable(),
  createdAt: z.string(),
  sourcePath: z.string(),
  totalS: z.number().nullable(),
  meta: Meta,
  /** Attributes read from the path (replicas, GPUs, layout…), with the user's edits applied. */
  attributes: Meta,
  /** Attribute keys the user edited. */
  editedAttributes: z.array(z.string()),
  /** One key per model under its several names (shared/model-identity.ts); the log's name stays in `model`. */
  modelKey: z.string().nullable().optional(),
  /** Start-up: how many manual values totalS includes (0 or absent: totalS is the log's). */
  manualCount: z.number().int().optional(),
  /** Start-up: the total from log values only, when totalS includes manual values. */
  measuredTotalS: z.number().nullable().optional(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const ManualScenario = z.object({
  scenario: z.string(),
  enabled: z.boolean(),
  phases: z.array(z.string()),
});
export type ManualScenario = z.infer<typeof ManualScenario>;

export const SnapshotDetail = SnapshotSummary.extend({
  ranks: RankMode,
  totalS: z.number(),
  /** Replica start → end marker, from timestamps only (before manual values). */
  wallClockS: z.number().nullable(),
  phases: z.array(Phase),
  issues: z.array(z.object({ line: z.number().int().nullable(), message: z.string() })),
  /** Start-up: the named groups of manual values, applied or switched off ('' = unnamed). */
  scenarios: z.array(ManualScenario).optional(),
});
export type SnapshotDetail = z.infer<typeof SnapshotDetail>;

export const PhaseComparison = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  baselineS: z.number().nullable(),
  candidateS: z.number().nullable(),
  speedup: z.number().nullable(),
  savedS: z.number(),
  /** Fraction (0..1, may be negative for regressions) of the total saving contributed by this phase. */
  shareOfSaving: z.number().nullable(),
  baselineSource: PhaseSource.nullable(),
  candidateSource: PhaseSource.nullable(),
  /** Log-only values: the measurement under a manual value (null when the phase is manual only). */
  baselineMeasuredS: z.number().nullable().optional(),
  candidateMeasuredS: z.number().nullable().optional(),
});
export type PhaseComparison = z.infer<typeof PhaseComparison>;

const ComparisonSide = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Total with manual values applied. */
  totalS: z.number(),
  /** Total from log values only. */
  measuredTotalS: z.number().optional(),
  /** True when totalS includes at least one manual value. */
  manual: z.boolean().optional(),
});

export const Comparison = z.object({
  ranks: RankMode,
  baseline: ComparisonSide,
  candidate: ComparisonSide,
  /** baseline ÷ candidate with manual values applied. */
  speedup: z.number().nullable(),
  savedS: z.number(),
  /** True when either total includes a manual value: then speedup/savedS are not the log's figures. */
  manual: z.boolean().optional(),
  /** baseline ÷ candidate from log values only. */
  measuredSpeedup: z.number().nullable().optional(),
  measuredSavedS: z.number().optional(),
  phases: z.array(PhaseComparison),
});
export type Comparison = z.infer<typeof Comparison>;

/** One configuration key that differs between the two snapshots of a comparison. */
export const ConfigEntry = z.object({ key: z.string(), baseline: MetaValue, candidate: MetaValue });
export type ConfigEntry = z.infer<typeof ConfigEntry>;

/** A start-up comparison as `compare` returns it: the phase comparison plus what changed. */
export const StartupComparison = Comparison.extend({
  kind: z.literal('startup'),
  config: z.array(ConfigEntry),
});
export type StartupComparison = z.infer<typeof StartupComparison>;

export const ServingVerdict = z.enum(['better', 'worse', '~', 'single run']);
export type ServingVerdict = z.infer<typeof ServingVerdict>;

/** One metric at one matched x of a serving comparison. */
export const ServingComparisonRow = z.object({
  /** The result-file key, e.g. `output_throughput`, `median_tpot_ms`. */
  metric: z.string(),
  x: z.number(),
  /** The experiment's value at x (its all-parts file, else the mean of its single-client files), normalised when asked. */
  baseline: z.number().nullable(),
  candidate: z.number().nullable(),
  /** candidate / baseline. */
  ratio: z.number().nullable(),
  /** candidate − baseline. */
  delta: z.number().nullable(),
  /** Which direction is better; null when the metric's direction is unknown (then there is no verdict). */
  better: z.enum(['higher', 'lower']).nullable(),
  verdict: ServingVerdict.nullable(),
  /** Two-sided Mann–Whitney U p-value over the replicate samples; null for a single run. */
  pValue: z.number().nullable(),
  pMethod: z.enum(['exact', 'normal']).nullable(),
  /** 95% seeded bootstrap interval of median(candidate samples) / median(baseline samples). */
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /** Replicate samples on each side (client parts or repeats). */
  n: z.tuple([z.number().int(), z.number().int()]),
  warning: z.string().optional(),
});
export type ServingComparisonRow = z.infer<typeof ServingComparisonRow>;

const ServingSide = z.object({ id: z.number().int(), name: z.string(), label: z.string() });

export const ServingComparison = z.object({
  kind: z.literal('serving'),
  baseline: ServingSide,
  candidate: ServingSide,
  x: z.enum(['concurrency', 'rate']),
  normalise: z.enum(['none', 'replica', 'gpu']),
  /** Divisor applied to each side's throughputs (1 without normalisation). */
  divisors: z.tuple([z.number(), z.number()]),
  rows: z.array(ServingComparisonRow),
  config: z.array(ConfigEntry),
});
export type ServingComparison = z.infer<typeof ServingComparison>;

/** What `compare` returns, by snapshot kind. */
export const CompareResult = z.discriminatedUnion('kind', [StartupComparison, ServingComparison]);
export type CompareResult = z.infer<typeof CompareResult>;

export const ImportReport = z.object({
  imported: z.array(
    z.object({
      file: z.string(),
      snapshotId: z.number().int(),
      name: z.string(),
      kind: SnapshotKind,
      /** Start-up logs: an excerpt (partial) or a crashed start (failed); absent when complete. */
      status: z.enum(['partial', 'failed']).optional(),
      note: z.string().optional(),
      /** What a size or memory bound left out of this file ("line 11: line cut to 1048576 bytes …"). */
      limits: z.array(z.string()).optional(),
    }),
  ),
  unchanged: z.array(z.object({ file: z.string() })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  errors: z.array(z.object({ file: z.string(), line: z.number().int().nullable(), message: z.string() })),
  /** Published figures (PNG) attached to their bundle. */
  attached: z
    .array(z.object({ file: z.string(), bundle: z.string().nullable(), figureId: z.number().int() }))
    .optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export function emptyReport(): ImportReport {
  return { imported: [], unchanged: [], skipped: [], errors: [], attached: [] };
}

export const LogEvent = z.object({
  line: z.number().int(),
  atS: z.number().nullable(),
  process: z.string().nullable(),
  pid: z.string().nullable(),
  level: z.string().nullable(),
  message: z.string(),
});
export type LogEvent = z.infer<typeof LogEvent>;

export const PointFlag = z.enum([
  'NaN',
  'Infinity',
  '-Infinity',
  'infinite',
  'unbounded',
  'derived',
  'summarised',
  'all-failed',
]);
export type PointFlag = z.infer<typeof PointFlag>;

const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

/** One `vllm bench serve` result file of a serving snapshot. */
export const ServingPoint = z.object({
  id: z.number().int(),
  file: z.string(),
  part: z.number().int().nullable(),
  aggregate: z.boolean(),
  concurrency: z.number().nullable(),
  concurrencyUnbounded: z.boolean(),
  requestRate: z.number().nullable(),
  rateInfinite: z.boolean(),
  repeat: z.number().int().nullable(),
  completed: z.number().nullable(),
  failed: z.number().nullable(),
  numPrompts: z.number().nullable(),
  durationS: z.number().nullable(),
  date: z.string().nullable(),
  /** Every key of the file as written: numbers exactly as in the JSON; NaN/Infinity as null (see flags). */
  metrics: z.record(z.string(), JsonValue),
  flags: z.record(z.string(), PointFlag),
  sourcePath: z.string(),
});
export type ServingPoint = z.infer<typeof ServingPoint>;

export const FigureInfo = z.object({
  id: z.number().int(),
  bundle: z.string().nullable(),
  name: z.string(),
  /** True when the figure's name matches the snapshot's (e.g. oss.png ↔ rayoss251-x2). */
  matches: z.boolean(),
});
export type FigureInfo = z.infer<typeof FigureInfo>;

/** Orders of the library: by bundle then natural name (default), or the newest import first. */
export const LibrarySort = z.enum(['library', 'newest']);
export type LibrarySort = z.infer<typeof LibrarySort>;

/**
 * A library query: every field optional (no field: the whole library, as before). `query` terms
 * must all appear (case-insensitive) in the name, model, bundle or a meta/attribute value.
 */
export const LibraryQuery = z
  .object({
    query: z.string().max(500).optional(),
    kind: SnapshotKind.optional(),
    model: z.string().max(500).optional(),
    attributes: z.record(z.string().regex(/^[A-Za-z][\w.-]{0,63}$/), MetaValue).optional(),
    sort: LibrarySort.optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    /** The `nextCursor` of the previous page, unchanged. */
    cursor: z.string().max(2000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type LibraryQuery = z.infer<typeof LibraryQuery>;

/** Counts for the library's filters, from SQL. */
export const LibraryFacets = z.object({
  /** Snapshots matching every filter. */
  total: z.number().int(),
  /** Per kind, under the other filters. */
  kinds: z.object({ startup: z.number().int(), serving: z.number().int() }),
  /** Per model, under the other filters (snapshots without a model are not listed). */
  models: z.array(z.object({ model: z.string(), count: z.number().int() })),
  /** Per bundle under every filter (null: files imported without a bundle), for the group headers. */
  bundles: z.array(z.object({ bundle: z.string().nullable(), count: z.number().int() })).optional(),
});
export type LibraryFacets = z.infer<typeof LibraryFacets>;

/** One page of the library, where the next starts, and the counts for its filters. */
export const LibraryPage = z.object({
  snapshots: z.array(SnapshotSummary),
  nextCursor: z.string().nullable(),
  facets: LibraryFacets,
});
export type LibraryPage = z.infer<typeof LibraryPage>;
