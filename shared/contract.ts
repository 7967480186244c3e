// The one contract between the core and its front doors (Electron IPC, HTTP, CLI, renderer client).
// Each method is an input schema and an output schema; adapters validate both directions with them,
// so adding a method means one entry here plus one handler in main/core/service.ts.
import { z } from 'zod';
import {
  CompareResult,
  FigureInfo,
  ImportReport,
  LibraryFacets,
  LibraryPage,
  LibraryQuery,
  LogEvent,
  MetaValue,
  RankMode,
  ServingPoint,
  SnapshotDetail,
  SnapshotSummary,
} from './model';
import { PHASE_ID_PATTERN } from './phases';

/** Attributes with a known meaning: counts, so positive whole numbers (null removes the user's value). */
export const POSITIVE_INT_ATTRIBUTES = [
  'gpus',
  'replicas',
  'tp',
  'prefillInstances',
  'prefillTp',
  'decodeInstances',
  'decodeTp',
] as const;

const ScenarioName = z.string().trim().max(100);
const SnapshotRef = z.union([z.number().int().positive(), z.string().min(1).max(500)]);
/** A model name as written in a log, or an identity key. */
const ModelRef = z.string().trim().min(1).max(500);
/** What deleteSnapshot returns to undo it with (12 hex digits). */
const RestoreToken = z
  .string()
  .regex(/^[0-9a-f]{12}$/, 'a restore token is 12 hex digits (see benchlens restore)');

export const DeletedEntry = z.object({
  token: z.string(),
  snapshotId: z.number().int(),
  name: z.string(),
  kind: z.enum(['startup', 'serving']),
  deletedAt: z.string(),
});

export const ModelIdentities = z.object({
  identities: z.array(
    z.object({
      key: z.string(),
      /** The name shown for it (the Hugging Face id when one of its names is one). */
      name: z.string(),
      count: z.number().int(),
      names: z.array(
        z.object({ model: z.string(), count: z.number().int(), derivedKey: z.string().nullable() }),
      ),
      /** Whether the user's merges or splits shaped it. */
      overridden: z.boolean(),
    }),
  ),
  overrides: z.array(
    z.object({
      kind: z.enum(['name', 'key']),
      source: z.string(),
      target: z.string(),
      createdAt: z.string(),
    }),
  ),
});
export type ModelIdentities = z.infer<typeof ModelIdentities>;

export const contract = {
  /** The library, or one page of it (every filter optional: `{}` lists everything, as before). */
  listSnapshots: {
    input: LibraryQuery,
    output: z.array(SnapshotSummary),
  },
  /** One page of the library with the next page's cursor and the counts for its filters (the UI's list). */
  libraryPage: {
    input: LibraryQuery,
    output: LibraryPage,
  },
  /** The counts for a library filter alone (the UI asks after the page, so rows come first). */
  libraryFacets: {
    input: LibraryQuery,
    output: LibraryFacets,
  },
  getSnapshot: {
    input: z.object({ snapshot: SnapshotRef, ranks: RankMode.default('slowest') }).strict(),
    output: SnapshotDetail,
  },
  /** Two snapshots of one kind: start-up phases, or serving metrics with significance; both with a config diff. */
  compare: {
    input: z
      .object({
        baseline: SnapshotRef,
        candidate: SnapshotRef,
        ranks: RankMode.default('slowest'),
        /** Serving: result-file keys to compare (default: every numeric metric). */
        metrics: z.array(z.string().min(1).max(200)).min(1).max(500).optional(),
        /** Serving: match points by concurrency or request rate (default: whichever varies). */
        x: z.enum(['concurrency', 'rate']).optional(),
        /** Serving: divide throughputs by the replicas / GPUs attribute. */
        normalise: z.enum(['none', 'replica', 'gpu']).default('none'),
      })
      .strict(),
    output: CompareResult,
  },
  /** Import files or folders by path on the machine running the core (CLI, Electron dialogs). */
  importPaths: {
    input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10000) }).strict(),
    output: ImportReport,
  },
  /** Import file contents sent by the renderer (browser file picker, drag and drop). */
  importFiles: {
    input: z
      .object({
        files: z
          .array(
            z.object({
              /** The file's name, or its path relative to a picked/dropped folder. */
              name: z.string().min(1).max(1024),
              content: z.string().max(360 * 1024 * 1024),
              /** Text files travel as UTF-8; archives and figures as base64. */
              encoding: z.enum(['utf8', 'base64']).default('utf8'),
            }),
          )
          .min(1)
          .max(1000),
      })
      .strict(),
    output: ImportReport,
  },
  annotate: {
    input: z
      .object({
        snapshot: SnapshotRef,
        phase: z.string().regex(PHASE_ID_PATTERN),
        /** null removes the manual value and restores the measured one. */
        valueS: z.number().finite().nonnegative().max(1e7).nullable(),
        note: z.string().max(2000).default(''),
        /** The named scenario the value belongs to, e.g. "published chart assumptions" ('' = unnamed). */
        scenario: ScenarioName.default(''),
      })
      .strict(),
    output: SnapshotDetail,
  },
  /** Apply (enable), switch off (disable) or remove every manual value of one named scenario. */
  setScenario: {
    input: z
      .object({
        snapshot: SnapshotRef,
        scenario: ScenarioName,
        action: z.enum(['enable', 'disable', 'remove']),
      })
      .strict(),
    output: SnapshotDetail,
  },
  phaseEvents: {
    input: z.object({ snapshot: SnapshotRef, phase: z.string().regex(PHASE_ID_PATTERN) }).strict(),
    output: z.array(LogEvent),
  },
  /** The points (one per result file) of a serving snapshot. */
  servingPoints: {
    input: z.object({ snapshot: SnapshotRef }).strict(),
    output: z.object({ snapshot: SnapshotSummary, points: z.array(ServingPoint) }),
  },
  /** Edit path-derived attributes (replicas, GPUs, label…); null removes the user's value. */
  setAttributes: {
    input: z
      .object({
        snapshot: SnapshotRef,
        attributes: z
          .record(
            z.string().regex(/^[A-Za-z][\w.-]{0,63}$/),
            MetaValue.refine((v) => typeof v !== 'string' || v.length <= 500),
          )
          .superRefine((attrs, ctx) => {
            for (const [k, v] of Object.entries(attrs)) {
              if (!(POSITIVE_INT_ATTRIBUTES as readonly string[]).includes(k) || v === null) continue;
              if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
                ctx.addIssue({
                  code: 'custom',
                  path: [k],
                  message: `${k} must be a positive whole number (e.g. ${k}=4), got ${JSON.stringify(v)}`,
                });
            }
          }),
      })
      .strict(),
    output: SnapshotSummary,
  },
  /** Published figures of the snapshot's bundle (matching ones first). */
  figures: {
    input: z.object({ snapshot: SnapshotRef }).strict(),
    output: z.array(FigureInfo),
  },
  figure: {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ id: z.number().int(), name: z.string(), mime: z.string(), base64: z.string() }),
  },
  /** Download a GitHub repository's archive over HTTPS and import it. */
  importGithub: {
    input: z
      .object({
        repo: z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/),
        ref: z
          .string()
          .regex(/^[\w./-]{1,200}$/)
          .default('main'),
      })
      .strict(),
    output: ImportReport,
  },
  /** Stop the running import after the file in progress (files already imported stay). */
  cancelImport: {
    input: z.object({}).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Import new or changed files of a folder as they land (complete files only). */
  watchFolder: {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ watching: z.array(z.string()) }),
  },
  unwatchFolder: {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.object({ watching: z.array(z.string()) }),
  },
  listWatches: {
    input: z.object({}).strict(),
    output: z.object({ watching: z.array(z.string()) }),
  },
  /** A figure rendered headless (the same renderer as the app's), as SVG, PNG at a DPI, or vector PDF. */
  exportFigure: {
    input: z
      .object({
        /** The first is the baseline (per model for `bars`). */
        snapshots: z.array(SnapshotRef).min(1).max(50),
        figure: z.enum(['waterfall', 'bars', 'curves', 'ratio', 'pareto']),
        format: z.enum(['svg', 'png', 'pdf']),
        /** CSS px (96 per inch). */
        width: z.number().int().min(240).max(10000).default(960),
        height: z.number().int().min(160).max(10000).optional(),
        /** PNG only: pixel width = width × dpi / 96, recorded in the file. */
        dpi: z.number().int().min(24).max(1200).default(96),
        theme: z.enum(['light', 'dark']).default('light'),
        metric: z.enum(['output', 'total', 'requests', 'ttft', 'tpot', 'itl', 'e2el']).default('output'),
        stat: z.enum(['mean', 'median', 'p99']).default('mean'),
        normalise: z.enum(['none', 'replica', 'gpu']).default('none'),
        /** curves/ratio: auto | concurrency | requestRate; pareto: interactivity (default) | ttft. */
        /** `rate` is `requestRate`, as `compare --x rate` spells it. */
        x: z.enum(['auto', 'concurrency', 'requestRate', 'rate', 'interactivity', 'ttft']).default('auto'),
        ranks: RankMode.default('slowest'),
        title: z.string().min(1).max(300).optional(),
        /** bars: the chosen baseline of any model group (default: the one named "base", else the first). */
        baselines: z.array(SnapshotRef).max(50).optional(),
      })
      .strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  },
  /** One self-contained offline HTML report of start-up and/or serving snapshots (the first of each kind is the baseline). */
  exportReport: {
    input: z
      .object({
        snapshots: z.array(SnapshotRef).min(1).max(20),
        ranks: RankMode.default('slowest'),
        /** Serving: divide throughputs by the replicas / GPUs attribute. */
        normalise: z.enum(['none', 'replica', 'gpu']).default('none'),
        title: z.string().min(1).max(300).optional(),
        /** Embed the bundle's published charts that match the snapshots (adds their size). */
        published: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), html: z.string() }),
  },
  deleteSnapshot: {
    input: z.object({ snapshot: SnapshotRef }).strict(),
    /** restoreToken: pass it to restoreSnapshot to undo the delete. */
    output: z.object({ deleted: z.number().int(), restoreToken: RestoreToken.optional() }),
  },
  /** Undo a delete: the snapshot back exactly as it was (manual values, edits, name), in one transaction. */
  restoreSnapshot: {
    input: z.object({ token: RestoreToken }).strict(),
    output: SnapshotSummary,
  },
  /** Deletions that can still be undone, newest first. */
  listDeleted: {
    input: z.object({}).strict(),
    output: z.array(DeletedEntry),
  },
  /** Model identities (one key per model under its names) with the user's merges and splits. */
  listModelIdentities: {
    input: z.object({}).strict(),
    output: ModelIdentities,
  },
  /**
   * Merge one identity into another, split one model name off into its own identity, or reset a name
   * to the identity derived from it (its split and the merges along its way removed).
   */
  setModelIdentity: {
    input: z.discriminatedUnion('action', [
      z.object({ action: z.literal('merge'), from: ModelRef, into: ModelRef }).strict(),
      z.object({ action: z.literal('split'), name: ModelRef }).strict(),
      z.object({ action: z.literal('reset'), name: ModelRef }).strict(),
    ]),
    output: ModelIdentities.extend({ summary: z.string() }),
  },
  /** Give a snapshot a new unique name (names refer to snapshots in the CLI and exports). */
  renameSnapshot: {
    input: z
      .object({
        snapshot: SnapshotRef,
        name: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .refine((n) => !/^\d+$/.test(n), 'a name cannot be only digits (they name snapshot ids)'),
      })
      .strict(),
    output: SnapshotSummary,
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
export type Handlers = { [M in Method]: (input: ParsedInput<M>) => Promise<Output<M>> };
/** What front ends call: inputs may omit defaulted fields. */
export type Api = { [M in Method]: (input: Input<M>) => Promise<Output<M>> };

export const METHODS = Object.keys(contract) as Method[];

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from the core to front ends (IPC messages, HTTP server-sent events). */
export const events = {
  importProgress: z.object({
    filesDone: z.number().int(),
    filesTotal: z.number().int(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    file: z.string().nullable(),
  }),
  /**
   * Snapshots were added, changed or deleted. `ids`: those added or changed (an import's snapshots,
   * an edited one); `removed`: those deleted. Both absent: anything may have changed (refresh all).
   */
  snapshotsChanged: z.object({
    ids: z.array(z.number().int()).optional(),
    removed: z.array(z.number().int()).optional(),
  }),
  /** An import finished (from any front door: a picker, a native dialog, the menu, GitHub). */
  importFinished: z.object({ report: ImportReport }),
  /** A watched folder imported what landed in it. */
  watchReport: z.object({ folder: z.string(), report: ImportReport }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** Error shape returned across every boundary. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;
