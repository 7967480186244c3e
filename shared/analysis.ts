// Comparison of two startup snapshots: total and per-phase speedup (baseline / candidate),
// seconds saved, and each phase's share of the total saving. Pure.
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
    };
  });
  return {
    ranks,
    baseline: { id: baseline.id, name: baseline.name, totalS: baseline.totalS },
    candidate: { id: candidate.id, name: candidate.name, totalS: candidate.totalS },
    speedup: speedup(baseline.totalS, candidate.totalS),
    savedS: round(savedTotal),
    phases,
  };
}
