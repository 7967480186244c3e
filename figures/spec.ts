// What a figure is drawn from: the figure kind, its data (start-up phases or serving points, already
// loaded) and the request's size and theme. The core fills a spec from the database; the app and the
// report call the same renderer with it. Sizes are CSS pixels (96 per inch).
import type { Phase } from '../shared/model';
import { displayLabel, shortLabels } from '../shared/short-label';
import type { ParetoX } from '../shared/pareto';
import type { MetricId, Normalisation, SnapshotPoints, Statistic, XChoice } from '../shared/serving';
import type { FigureThemeName } from './theme';

export const FIGURE_KINDS = ['waterfall', 'bars', 'curves', 'ratio', 'pareto'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export interface StartupInput {
  /** Short label: the snapshot's `label` attribute, else what differs between the compared names. */
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

/**
 * The labels a figure shows for its snapshots, in order: each one's `label` attribute when set, else what
 * differs between the compared names (shared/short-label.ts), so legends, titles and columns stay short.
 */
export function figureLabels(
  snapshots: readonly { name: string; attributes: Readonly<Record<string, unknown>> }[],
): string[] {
  const derived = shortLabels(snapshots.map((s) => s.name));
  return snapshots.map((s, i) => displayLabel(s.attributes, derived[i] ?? s.name));
}

/**
 * The footnote that spells out every shortened label (`Full names: A baseline_4xtp2 =
 * gptoss_itl5000_…_baseline_4xtp2; …`); none when every label is its snapshot's name. `shown` is the text
 * actually drawn for each snapshot when the figure had to cut a label to fit (default: the labels).
 */
export function fullNamesNote(
  snapshots: readonly { label: string; name: string }[],
  lettered: boolean,
  shown: readonly string[] = snapshots.map((s) => s.label),
): string[] {
  const parts = snapshots.flatMap((s, i) => {
    const drawn = shown[i] ?? s.label;
    return drawn === s.name ? [] : [`${lettered ? `${letter(i)} ` : ''}${drawn} = ${s.name}`];
  });
  return parts.length === 0 ? [] : [`Full name${parts.length === 1 ? '' : 's'}: ${parts.join('; ')}.`];
}

/** "A", "B", … for the legend and headings. */
export function letter(i: number): string {
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i] ?? String(i + 1);
}
