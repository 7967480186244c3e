// Where the log and a published chart disagree, phase by phase: the logged value (the measurement,
// also when a manual value overrides it), the chart's assumed constant, their difference and its source.
// Pure; the totals are the log's total and that total with the chart's constants in place.
import type { SnapshotDetail } from './model';
import { phaseLabel } from './phases';
import { publishedValues } from './published-assumptions';

export interface PublishedGapRow {
  phase: string;
  label: string;
  /** The log's value (null when the log has no such phase). */
  loggedS: number | null;
  /** The constant the published chart used. */
  publishedS: number;
  /** publishedS − loggedS (a missing logged value counts as 0 s). */
  differenceS: number;
  /** Where the constant is written down. */
  source: string;
}

export interface PublishedGap {
  figure: string;
  source: string;
  rows: PublishedGapRow[];
  /** The total from log values only. */
  loggedTotalS: number;
  /** The log's total with the chart's constants in place of the logged phases. */
  publishedTotalS: number;
}

type GapInput = Pick<SnapshotDetail, 'model' | 'meta' | 'phases' | 'totalS' | 'measuredTotalS'>;

/** The log-vs-chart gap of this snapshot, or null when its model has no documented published chart. */
export function publishedGap(d: GapInput): PublishedGap | null {
  const pub = publishedValues(d);
  if (!pub) return null;
  const byId = new Map(d.phases.map((p) => [p.id, p]));
  const rows = pub.values.map((v): PublishedGapRow => {
    const p = byId.get(v.phase);
    const loggedS = p === undefined ? null : p.source === 'manual' ? p.measuredS : p.durationS;
    return {
      phase: v.phase,
      label: phaseLabel(v.phase),
      loggedS,
      publishedS: v.valueS,
      differenceS: v.valueS - (loggedS ?? 0),
      source: `${pub.assumptions.figure} (${pub.assumptions.source})`,
    };
  });
  const loggedTotalS = d.measuredTotalS ?? d.totalS;
  const publishedTotalS = loggedTotalS + rows.reduce((s, r) => s + r.differenceS, 0);
  return {
    figure: pub.assumptions.figure,
    source: pub.assumptions.source,
    rows,
    loggedTotalS,
    publishedTotalS,
  };
}
