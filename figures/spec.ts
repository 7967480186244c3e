// What a figure is drawn from: the figure kind, its data (start-up phases or serving points, already
// loaded) and the request's size and theme. The core fills a spec from the database; the app and the
// report call the same renderer with it. Sizes are CSS pixels (96 per inch).
import type { Phase } from '../shared/model';
import type { ParetoX } from '../shared/pareto';
import type { MetricId, Normalisation, SnapshotPoints, Statistic, XChoice } from '../shared/serving';
import type { FigureThemeName } from './theme';

export const FIGURE_KINDS = ['waterfall', 'bars', 'curves', 'ratio', 'pareto'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export interface StartupInput {
  /** Short label: the snapshot's `label` attribute, else its name. */
  label: string;
  name: string;
  model: string | null;
  /** The model's identity key (user merges and splits applied): groups by it when set. */
  modelKey?: string | null | undefined;
  totalS: number;
  phases: readonly Phase[];
}

export interface ServingInput extends SnapshotPoints {
  label: string;
}

export interface FigureSize {
  /** CSS px. */
  width: number;
  /** CSS px; when absent the figure takes the height its content needs. */
  height?: number | undefined;
  theme?: FigureThemeName | undefined;
  /** Replaces the default title. */
  title?: string | undefined;
}

export type FigureSpec =
  | ({
      kind: 'waterfall' | 'bars';
      snapshots: readonly StartupInput[];
      /** bars: names of the chosen baselines, at most one per model group (default: see BarsFigure). */
      baselines?: readonly string[] | undefined;
    } & FigureSize)
  | ({
      kind: 'curves' | 'ratio';
      snapshots: readonly ServingInput[];
      metric: MetricId;
      stat: Statistic;
      normalise: Normalisation;
      x: XChoice;
    } & FigureSize)
  | ({ kind: 'pareto'; snapshots: readonly ServingInput[]; x: ParetoX } & FigureSize);

/** The label a figure shows for a snapshot: its `label` attribute when set, else its name. */
export function shortLabel(name: string, attributes: Readonly<Record<string, unknown>>): string {
  const l = attributes['label'];
  return typeof l === 'string' && l.trim() !== '' ? l.trim() : name;
}

/** "A", "B", … for the legend and headings. */
export function letter(i: number): string {
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i] ?? String(i + 1);
}
