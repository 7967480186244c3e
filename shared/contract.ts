// The one contract between the core and its front doors (Electron IPC, HTTP, CLI, renderer client).
// Each method is an input schema and an output schema; adapters validate both directions with them,
// so adding a method means one entry here plus one handler in main/core/service.ts.
import { z } from 'zod';
import {
  Comparison,
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

const SnapshotRef = z.union([z.number().int().positive(), z.string().min(1).max(500)]);

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
  compare: {
    input: z
      .object({ baseline: SnapshotRef, candidate: SnapshotRef, ranks: RankMode.default('slowest') })
      .strict(),
    output: Comparison,
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
        attributes: z.record(
          z.string().regex(/^[A-Za-z][\w.-]{0,63}$/),
          MetaValue.refine((v) => typeof v !== 'string' || v.length <= 500),
        ),
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
  deleteSnapshot: {
    input: z.object({ snapshot: SnapshotRef }).strict(),
    output: z.object({ deleted: z.number().int() }),
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
  snapshotsChanged: z.object({}),
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
