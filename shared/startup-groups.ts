// N-way start-up comparison (the published all_models_comparison.png's form): snapshots grouped by model
// in first-appearance order, one baseline per group (chosen, else the first whose name contains "base",
// else the first), and every member's speedup (baseline total / member total) and seconds saved. Pure.
import { speedup } from './analysis';
import { formatSecondsNumber, formatSpeedup } from './format';
import type { CellValue, Column, TableModel, TableRow } from './tables';

export interface StartupMember {
  /** Unique snapshot name (baselines are chosen by name). */
  name: string;
  /** What legends and tables show: the `label` attribute, else the name. */
  label: string;
  model: string | null;
  /** The model's identity key with the user's merges and splits (SnapshotSummary.modelKey); groups by it when set. */
  modelKey?: string | null | undefined;
  totalS: number;
}

export interface GroupedMember<T extends StartupMember> {
  item: T;
  /** Position in the input. */
  index: number;
  isBaseline: boolean;
  /** Baseline total / this total (1 for the baseline itself); null when this total is not positive. */
  speedup: number | null;
  /** Baseline total − this total (positive: faster than the baseline). */
  savedS: number;
}

export interface StartupGroup<T extends StartupMember> {
  key: string;
  label: string;
  baseline: T;
  /** In input order. */
  members: GroupedMember<T>[];
}

/**
 * Group key and label of a model: "Qwen/Qwen3-235B-A22B" and "Qwen3-235B-A22B-sharded" are one model.
 * `identityKey` (the core's model key, with the user's merges and splits) decides the group when given.
 */
export function modelGroup(
  model: string | null,
  fallback: string,
  identityKey?: string | null,
): { key: string; label: string } {
  if (!model) return { key: `?${fallback}`, label: fallback };
  const label = (model.split('/').pop() ?? model).replace(/[-_]sharded$/i, '');
  return { key: identityKey ?? label.toLowerCase(), label };
}

/** Index of the default baseline among names: the first containing "base" (any case), else 0. */
export function defaultBaselineIndex(names: readonly string[]): number {
  const i = names.findIndex((n) => n.toLowerCase().includes('base'));
  return i < 0 ? 0 : i;
}

/**
 * Groups start-ups by model. `baselines` names the chosen baseline of any group (names that are in no
 * group, or a second name in the same group, are ignored: the first listed wins).
 */
export function groupStartups<T extends StartupMember>(
  items: readonly T[],
  baselines: readonly string[] = [],
): StartupGroup<T>[] {
  const groups = new Map<string, { label: string; entries: { item: T; index: number }[] }>();
  items.forEach((item, index) => {
    const g = modelGroup(item.model, item.label, item.modelKey);
    const entry = groups.get(g.key);
    if (entry) entry.entries.push({ item, index });
    else groups.set(g.key, { label: g.label, entries: [{ item, index }] });
  });
  const out: StartupGroup<T>[] = [];
  for (const [key, g] of groups) {
    const names = g.entries.map((e) => e.item.name);
    const chosen = baselines.find((b) => names.includes(b));
    const bi = chosen != null ? names.indexOf(chosen) : defaultBaselineIndex(names);
    const baseline = (g.entries[bi] ?? g.entries[0])?.item;
    if (!baseline) continue;
    out.push({
      key,
      label: g.label,
      baseline,
      members: g.entries.map(({ item, index }) => ({
        item,
        index,
        isBaseline: item === baseline,
        speedup: speedup(baseline.totalS, item.totalS),
        savedS: baseline.totalS - item.totalS,
      })),
    });
  }
  return out;
}

/** How bars are ordered inside a model group. */
export type GroupOrder = 'slowest-first' | 'selection';

/**
 * The items group by group (groups in first-appearance order). Inside a group: slowest first, the
 * published chart's progression from the baseline to all optimisations (ties keep the input order), or
 * as given.
 */
export function orderStartups<T extends StartupMember>(items: readonly T[], order: GroupOrder): T[] {
  return groupStartups(items).flatMap((g) => {
    const members = g.members.map((m) => m.item);
    return order === 'slowest-first' ? members.sort((a, b) => b.totalS - a.totalS) : members;
  });
}

const text = (v: CellValue): string => (v == null ? '' : String(v));
const secs = (v: CellValue): string => (typeof v === 'number' ? formatSecondsNumber(v) : '');
const speed = (v: CellValue): string => (typeof v === 'number' ? formatSpeedup(v) : '');

export const GROUPED_COLUMNS: Column[] = [
  { key: 'model', label: 'Model', kind: 'text', format: text },
  { key: 'snapshot', label: 'Snapshot', kind: 'text', format: text, titleKey: 'name' },
  { key: 'totalS', label: 'Total s', kind: 'seconds', unit: 's', format: secs },
  { key: 'baseline', label: 'Baseline', kind: 'text', format: text, titleKey: 'baselineName' },
  { key: 'speedup', label: 'Speedup', kind: 'ratio', format: speed },
  { key: 'savedS', label: 'Saved s', kind: 'seconds', unit: 's', format: secs },
  { key: 'name', label: 'Snapshot name', kind: 'text', format: text, exportOnly: true },
];

/** One row per snapshot, group by group: its total, its group's baseline, speedup and seconds saved. */
export function groupedStartupTable<T extends StartupMember>(groups: readonly StartupGroup<T>[]): TableModel {
  const rows: TableRow[] = groups.flatMap((g) =>
    g.members.map((m): TableRow => ({
      id: m.item.name,
      parent: null,
      depth: 0,
      order: 0,
      manual: false,
      sources: {},
      cells: {
        model: g.label,
        snapshot: m.item.label,
        totalS: m.item.totalS,
        baseline: g.baseline.label,
        speedup: m.speedup,
        savedS: m.savedS,
        name: m.item.name,
        // no column: the Baseline cell's tooltip
        baselineName: g.baseline.name,
      },
    })),
  );
  // the default order is group by group, each in selection order
  rows.forEach((r, i) => (r.order = i));
  return {
    title: `Start-up totals and speedups of ${groups.length} model group${groups.length === 1 ? '' : 's'}`,
    columns: GROUPED_COLUMNS,
    rows,
  };
}
