// Comparison of two startup snapshots: total and per-phase speedup (baseline / candidate),
// seconds saved, and each phase's share of the total saving. Pure. Manual values never hide the
// measurements: beside every figure that includes one, the log-only figure (measuredSpeedup, …) is kept.
import type { Comparison, Phase, PhaseComparison, RankMode } from './model';
import { phaseOrder } from './phases';

export interface Side {
  id: number;
  name: string;
  totalS: number;
  phases: readonly Phase[];
}

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

export function speedup(baselineS: number | null, candidateS: number | null): number | null {
  if (baselineS === null || candidateS === null || candidateS <= 0) return null;
  return round(baselineS / candidateS);
}

/** The value the log gives for a phase: its measurement under a manual value, 0 for a manual-only phase. */
export function measuredDuration(p: Phase): number {
  if (p.source !== 'manual') return p.durationS;
  return p.measuredS ?? 0;
}

/** The snapshot's total from log values only (manual values replaced by their measurements). */
export function measuredTotal(phases: readonly Phase[]): number {
  return round(phases.filter((p) => p.parent == null).reduce((a, p) => a + measuredDuration(p), 0));
}

/** Whether any top-level phase (so the total) includes a manual value. */
export function includesManual(phases: readonly Phase[]): boolean {
  return phases.some((p) => p.source === 'manual');
}

export function compareSnapshots(baseline: Side, candidate: Side, ranks: RankMode): Comparison {
  const savedTotal = baseline.totalS - candidate.totalS;
  const byId = (ps: readonly Phase[]) => new Map(ps.map((p) => [p.id, p]));
  const b = byId(baseline.phases);
  const c = byId(candidate.phases);
  const ids = [...new Set([...b.keys(), ...c.keys()])].sort(
    (x, y) => phaseOrder(x) - phaseOrder(y) || x.localeCompare(y),
  );
  const phases: PhaseComparison[] = ids.map((id) => {
    const bp = b.get(id);
    const cp = c.get(id);
    const baselineS = bp ? bp.durationS : null;
    const candidateS = cp ? cp.durationS : null;
    const saved = (baselineS ?? 0) - (candidateS ?? 0);
    const parent = bp?.parent ?? cp?.parent ?? null;
    return {
      id,
      parent,
      baselineS,
      candidateS,
      speedup: speedup(baselineS, candidateS),
      savedS: round(saved),
      // Shares are of the top-level saving; children's shares are of the same total, for drill-down.
      shareOfSaving: savedTotal !== 0 ? round(saved / savedTotal) : null,
      baselineSource: bp?.source ?? null,
      candidateSource: cp?.source ?? null,
      baselineMeasuredS: bp && bp.source === 'manual' ? bp.measuredS : baselineS,
      candidateMeasuredS: cp && cp.source === 'manual' ? cp.measuredS : candidateS,
    };
  });
  const side = (s: Side) => ({
    id: s.id,
    name: s.name,
    totalS: s.totalS,
    measuredTotalS: measuredTotal(s.phases),
    manual: includesManual(s.phases),
  });
  const bs = side(baseline);
  const cs = side(candidate);
  return {
    ranks,
    baseline: bs,
    candidate: cs,
    speedup: speedup(baseline.totalS, candidate.totalS),
    savedS: round(savedTotal),
    manual: bs.manual || cs.manual,
    measuredSpeedup: speedup(bs.measuredTotalS, cs.measuredTotalS),
    measuredSavedS: round(bs.measuredTotalS - cs.measuredTotalS),
    phases,
  };
}
