// Orders phases for display: top-level phases in catalogue order (custom ones first), each followed by
// its children. Pure; the waterfall, stacked bars and tables all use it so rows line up everywhere.
import { appendAll } from './arrays';
import { phaseOrder } from './phases';

export interface Orderable {
  id: string;
  parent: string | null;
}

function byCatalogue<T extends Orderable>(a: T, b: T, start: (p: T) => number): number {
  return phaseOrder(a.id) - phaseOrder(b.id) || start(a) - start(b) || a.id.localeCompare(b.id);
}

/** Parents first, then their children; a child whose parent is absent is shown as top-level. */
export function orderPhases<T extends Orderable>(
  phases: readonly T[],
  start: (p: T) => number = () => 0,
): T[] {
  const ids = new Set(phases.map((p) => p.id));
  const isTop = (p: T): boolean => p.parent == null || !ids.has(p.parent);
  const tops = phases.filter(isTop).sort((a, b) => byCatalogue(a, b, start));
  const out: T[] = [];
  for (const top of tops) {
    out.push(top);
    const kids = phases
      .filter((p) => !isTop(p) && p.parent === top.id)
      .sort((a, b) => byCatalogue(a, b, start));
    appendAll(out, kids);
  }
  return out;
}
