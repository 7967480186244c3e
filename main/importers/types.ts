// What every importer in the registry provides: a format name, content sniffing on the file's head,
// and a streaming consumer that turns the file's bytes into records. Records are by kind (start-up
// snapshot, serving point, figure), never by format, so the pipeline and the store name no format.
import type { StartupParseResult } from './vllm-startup-log/parser';
import type { PointIssue, ServingPoint } from './vllm-bench-json/bench-result';

export type Sniff =
  | { match: true }
  /** reason: why this importer refuses content that looks like its kind (e.g. "not a vLLM log"). */
  | { match: false; reason: string | null };

export type ImportRecord =
  | { kind: 'startup'; result: StartupParseResult }
  | {
      kind: 'serving-point';
      point: ServingPoint;
      issues: PointIssue[];
      /** 1-based place of this result in a file holding several (JSON Lines): stored as `file#N`. */
      ordinal?: number;
      /**
       * The tool fixes the file's name (`profile_export_aiperf.json`): the folder it sits in names
       * the point, the folder above that the experiment.
       */
      pointInFolder?: boolean;
    }
  | { kind: 'figure'; mime: string; data: Buffer };

export interface RecordConsumer {
  push(chunk: Buffer): void;
  /** The records of the whole file; throws on content it cannot read (the import names the file). */
  end(): ImportRecord[];
}

export interface FormatImporter {
  /** Registry key and the folder name; stored with every source file. */
  format: string;
  /** Bumped when the same file would now give different records. */
  version: number;
  /**
   * Its records' identities are the content alone (`sha256:X`, `sha256:X#engine`): an unchanged
   * re-import is found from the hash, before the content is parsed.
   */
  identityByContent?: boolean;
  /** Reads binary content (files holding NUL bytes); text importers are not asked about those. */
  binary?: boolean;
  sniff(name: string, head: Buffer): Sniff;
  consumer(): RecordConsumer;
}
